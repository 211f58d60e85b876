"""The README's example session is what `seqprep quiz` really prints: the command is run in a
pseudo-terminal of 80 columns with the answers typed in the README, and every line must be
the same (the clock reading of the next review's time aside)."""

from __future__ import annotations

import io
import re
import shlex

import pexpect

from paths import ROOT, SEQPREP

PROMPT = re.compile(r"^(Your answer \(a number\):|Option number:|Correct! .*\[Enter = 3\]|Rate yourself: .*4 Easy)"
                    r" ?(.*)$")
CLOCK = r"\d{4}-\d\d-\d\d \d\d:\d\d"


def readme_session() -> tuple[list[str], list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## An example session\n\n```text\n(.*?)```", text, re.S).group(1)
    command, *lines = block.rstrip("\n").split("\n")
    assert command.startswith("$ seqprep quiz ") and "--seed" in command, "the example must be reproducible"
    return shlex.split(command[2:])[1:], lines


def test_the_readme_session_is_true(cli_env):
    args, expected = readme_session()
    typed = [m.group(2) for m in map(PROMPT.match, expected) if m]
    assert len(typed) >= 3
    cli_env.pop("COLUMNS", None)
    log = io.StringIO()
    child = pexpect.spawn(SEQPREP, args, env=dict(cli_env, TERM="xterm"), encoding="utf-8", timeout=60,
                          dimensions=(200, 80))
    child.logfile_read = log
    for answer in typed:
        child.expect([r"\(a number\): ", r"Option number: ", r"\[Enter = 3\] ", r"4 Easy "])
        child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    got = [line.rstrip() for line in log.getvalue().replace("\r", "").rstrip("\n").split("\n")]
    assert len(got) == len(expected), "\n".join(got)
    for have, want in zip(got, expected):
        if re.search(CLOCK, want):
            assert re.fullmatch(re.escape(want).replace(re.escape(re.search(CLOCK, want).group(0)), CLOCK), have), \
                (have, want)
        else:
            assert have == want
