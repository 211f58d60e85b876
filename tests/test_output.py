"""What the commands print holds up: markup in the bank is text, `list` never cuts an id,
and a terminal that is not UTF-8 gets output, never a traceback (real processes)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pexpect
import pytest

from paths import FIXTURE_BANK, SEQPREP
from seqprep.bank import load_bank
from seqprep.render import show_question
from seqprep.terminal import Screen


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_angle_bracket_tokens_are_shown_as_written(lang):
    out = io.StringIO()
    show_question(Screen(out, width=100, color=False), load_bank().get("spec-sentencepiece-symbols"), lang)
    text = out.getvalue()
    assert "<unk> = 0, <s> = 1, </s> = 2" in text  # an option
    assert "сразу после <unk>, <s>, </s>." in text if lang == "ru" else "right after <unk>, <s>, </s>." in text


def test_show_prints_angle_bracket_tokens(cli_env):
    result = subprocess.run([SEQPREP, "show", "spec-sentencepiece-symbols", "--lang", "ru"], env=cli_env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.count("<s>") >= 5 and result.stdout.count("</s>") >= 3 and "<unk>" in result.stdout


# --- list ---------------------------------------------------------------------------------


def ids(cli_env) -> list[str]:
    out = subprocess.run([SEQPREP, "list", "--json"], env=cli_env, capture_output=True, text=True, timeout=60)
    return [row["id"] for row in json.loads(out.stdout)]


def test_list_piped_into_head_shows_whole_ids_and_whole_titles(cli_env):
    result = subprocess.run(f"'{SEQPREP}' list | head -n 4", shell=True, env=cli_env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr and "Error" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and lines[0].split() == ["id", "section", "kind", "difficulty", "title"]
    assert [line.split()[0] for line in lines[1:]] == ids(cli_env)[:3]
    full = subprocess.run([SEQPREP, "list"], env=dict(cli_env, COLUMNS="30"), capture_output=True, text=True,
                          timeout=60).stdout.splitlines()
    assert [line.split()[0] for line in full[1:]] == ids(cli_env)
    rows = json.loads(subprocess.run([SEQPREP, "list", "--json"], env=cli_env, capture_output=True, text=True,
                                     timeout=60).stdout)
    assert all(line.endswith(row["title"]["en"]) for line, row in zip(full[1:], rows)), "piped: titles whole"


@pytest.mark.parametrize("columns", [40, 80])
def test_list_in_a_narrow_terminal_cuts_titles_never_ids(cli_env, columns):
    child = pexpect.spawn(SEQPREP, ["list", "--section", "special-tokens"], env=cli_env, encoding="utf-8",
                          timeout=30, dimensions=(200, columns))
    child.expect(pexpect.EOF)
    child.close()
    lines = [line for line in child.before.replace("\r", "").splitlines() if line.strip()]
    wanted = [row for row in ids(dict(cli_env)) if row.startswith("spec-")]
    assert [line.split()[0] for line in lines[1:]] == wanted
    assert any(line.endswith("…") for line in lines[1:]), "long titles are cut to the terminal"


# --- a terminal that is not UTF-8 ----------------------------------------------------------

ENCODINGS = {
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "LANG=C (no UTF-8 mode)": {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}
COMMANDS = [
    (["--help"], ""), (["list", "--lang", "ru"], ""), (["show", "spec-sentencepiece-symbols", "--lang", "ru"], ""),
    (["show", "cx-forward-macs", "--lang", "en"], ""), (["stats", "--lang", "ru"], ""), (["check"], ""),
    (["tasks", "--lang", "ru"], ""), (["export", "anki", "{tmp}/x.apkg", "--lang", "both"], ""),
    (["reset", "--yes"], ""), (["start", "sdpa", "--dir", "{tmp}", "--lang", "ru"], ""),
    (["quiz", "--lang", "ru", "--section", "rnn-pros-cons", "--practice"], "градиенты затухают\n\n3\n"),
]


@pytest.mark.parametrize("setting", list(ENCODINGS))
def test_no_command_crashes_on_a_terminal_that_is_not_utf8(cli_env, tmp_path, setting):
    env = {k: v for k, v in cli_env.items() if k not in ("PYTHONUTF8", "PYTHONIOENCODING", "LC_ALL", "LANG")}
    env.update(ENCODINGS[setting])
    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip().lower().replace("-", "") in ("ascii", "ansi_x3.41968"), probe.stdout
    for args, given in COMMANDS:
        args = [a.replace("{tmp}", str(tmp_path)) for a in args]
        result = subprocess.run([SEQPREP, *args], env=env, input=given.encode("utf-8"), capture_output=True,
                                timeout=120)
        stderr = result.stderr.decode("ascii", "replace")
        assert result.returncode == 0, (args, stderr[-2000:])
        assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr, (args, stderr[-2000:])
        assert result.stdout.strip(), args
    framed = subprocess.run([SEQPREP, "show", "mini-open", "--lang", "en"], capture_output=True, timeout=60,
                            env=dict(env, SEQPREP_BANK=str(FIXTURE_BANK))).stdout.decode("ascii")
    assert "+- RNN strengths and weaknesses . open answer . hard . mini-open -" in framed  # ASCII frames and marks
    assert "Why do gradients vanish in an RNN?" in framed


def test_russian_typed_on_an_ascii_terminal_is_read_and_the_rating_kept(cli_env, tmp_path):
    env = {k: v for k, v in cli_env.items() if k != "PYTHONUTF8"}
    env.update(PYTHONIOENCODING="ascii", SEQPREP_BANK=str(FIXTURE_BANK))
    result = subprocess.run([SEQPREP, "quiz", "--lang", "en", "--section", "rnn-pros-cons"], env=env,
                            input="градиенты затухают\n\n3\n".encode("utf-8"), capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode("ascii", "replace")
    stats = json.loads(subprocess.run([SEQPREP, "stats", "--json"], env=env, capture_output=True, text=True,
                                      timeout=60).stdout)
    assert {row["section"]: row["seen"] for row in stats["sections"]}["rnn-pros-cons"] == 1
