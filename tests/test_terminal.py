"""The real `seqprep quiz` in a pseudo-terminal, driven like a user would."""

from __future__ import annotations

import json
import re
import signal
import subprocess

import pexpect
import pytest

from paths import FIXTURE_BANK, SEQPREP


@pytest.fixture
def env(cli_env):
    cli_env["SEQPREP_BANK"] = str(FIXTURE_BANK)
    return cli_env


def spawn(env, *args):
    child = pexpect.spawn(SEQPREP, ["quiz", "--lang", "en", *args], env=env, encoding="utf-8",
                          timeout=30, dimensions=(60, 120))
    return child


def stats(env) -> dict:
    out = subprocess.run([SEQPREP, "stats", "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return {row["section"]: row for row in json.loads(out.stdout)["sections"]}


def test_a_whole_session_then_the_ratings_are_kept(env):
    child = spawn(env, "--seed", "3")
    answered = set()
    for _ in range(3):
        index = child.expect([r"Option number:", r"Your answer \(a number\):", r"Your answer \(several"])
        if index == 0:  # choice: pick a wrong option on purpose
            plain = re.sub(r"\x1b\[[0-9;]*m", "", child.before)
            options = dict(re.findall(r"^\s+(\d)\. (.+?)\s*$", plain, re.M))
            wrong = next(n for n, text in options.items() if text != "tanh")
            child.sendline(wrong)
            child.expect("Wrong — recorded as Again.")
            answered.add("choice")
        elif index == 1:  # numeric: right, in a human spelling
            child.sendline("15.8M")
            child.expect(r"Correct! 2 Hard, 3 Good, 4 Easy \[Enter = 3\]")
            child.sendline("")
            answered.add("numeric")
        else:  # open: reveal without typing, then rate
            child.sendline("")
            child.expect(r"Rate yourself: 1 Again, 2 Hard, 3 Good, 4 Easy")
            child.sendline("3")
            answered.add("open")
    assert answered == {"choice", "numeric", "open"}
    # the choice rated Again comes back at the end of this three-question session; now right
    child.expect("Option number:")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", child.before)
    assert "[4/4]" in plain
    options = dict(re.findall(r"^\s+(\d)\. (.+?)\s*$", plain, re.M))
    child.sendline(next(n for n, text in options.items() if text == "tanh"))
    child.expect(r"\[Enter = 3\]")
    child.sendline("")
    child.expect("Summary")
    child.expect("Answered: 4")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    rows = stats(env)
    assert {s: rows[s]["seen"] for s in ("rnn-basics", "rnn-complexity", "rnn-pros-cons")} == \
        {"rnn-basics": 1, "rnn-complexity": 1, "rnn-pros-cons": 1}

    # start again: everything was rated moments ago, so nothing is due yet
    again = spawn(env)
    again.expect("Nothing is due. The next review is")
    again.expect(pexpect.EOF)


def test_quit_with_q_keeps_the_ratings_given(env):
    child = spawn(env, "--seed", "3", "--section", "rnn-pros-cons", "--section", "rnn-complexity")
    for _ in range(2):
        index = child.expect([r"Your answer \(a number\):", r"Your answer \(several"])
        if index == 0:
            child.sendline("1")  # wrong
            child.expect("Wrong")
        else:
            child.sendline("q")
            break
    else:
        pytest.fail("the open question never came")
    child.expect("Summary")
    child.expect(pexpect.EOF)
    rows = stats(env)
    assert (rows["rnn-complexity"]["seen"], rows["rnn-pros-cons"]["seen"]) == (1, 0)


def test_a_killed_session_keeps_every_rating(env):
    child = spawn(env, "--section", "rnn-complexity")
    child.expect(r"Your answer \(a number\):")
    child.sendline("15775744")
    child.expect(r"\[Enter = 3\]")
    child.sendline("4")
    child.expect("Easy")
    child.kill(signal.SIGKILL)
    child.close()
    assert stats(env)["rnn-complexity"]["seen"] == 1


def test_ctrl_d_ends_the_session_with_a_summary(env):
    child = spawn(env, "--section", "rnn-pros-cons")
    child.expect(r"Your answer \(several")
    child.sendeof()
    child.expect("Summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize("ending", ["q", "ctrl-d"])
def test_ending_at_the_default_rating_keeps_the_correct_answer(env, ending):
    child = spawn(env, "--section", "rnn-complexity", "--section", "rnn-pros-cons")
    child.expect(r"Your answer \(a number\):")
    child.sendline("15775744")
    child.expect(r"\[Enter = 3\]")
    child.sendline("q") if ending == "q" else child.sendeof()
    child.expect("Summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (stats(env)["rnn-complexity"]["seen"], stats(env)["rnn-pros-cons"]["seen"]) == (1, 0)
