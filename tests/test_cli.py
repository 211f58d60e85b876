"""Command-line behaviour: JSON shapes, --version, and staying light (no torch)."""

from __future__ import annotations

import json
import subprocess
import sys

import pexpect
import pytest

from paths import FIXTURE_BANK, ROOT, SEQPREP
from seqprep import __version__

# Runs seqprep's CLI with torch, numpy and sentencepiece made unimportable.
LIGHT = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('torch', 'numpy', 'sentencepiece'):
            raise ImportError('heavy import: ' + name)
sys.meta_path.insert(0, Block())
from seqprep.cli import main
sys.argv = ['seqprep'] + sys.argv[1:]
main()
"""


def run_light(env, *args, timeout=60):
    return subprocess.run([sys.executable, "-c", LIGHT, *args], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def test_version(cli_env):
    out = subprocess.run([SEQPREP, "--version"], env=cli_env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"seqprep, version {__version__}"


@pytest.mark.parametrize("args", [["--help"], ["list"], ["list", "--json"], ["stats"], ["stats", "--json"],
                                  ["check"], ["tasks"]])
def test_light_commands_never_import_torch_numpy_or_sentencepiece(cli_env, args):
    result = run_light(cli_env, *args)
    assert result.returncode == 0, result.stderr
    assert "heavy import" not in result.stderr


def test_show_every_question_without_heavy_imports(cli_env):
    ids = [row["id"] for row in json.loads(run_light(cli_env, "list", "--json").stdout)]
    assert ids
    # one process, every question: the blocker stays active across all of them
    script = LIGHT.replace("main()\n", "") + (
        "from click.testing import CliRunner\n"
        "from seqprep.cli import cli\n"
        "runner = CliRunner()\n"
        f"for qid in {ids!r}:\n"
        "    for lang in ('ru', 'en'):\n"
        "        r = runner.invoke(cli, ['show', qid, '--lang', lang])\n"
        "        assert r.exit_code == 0, (qid, r.output, r.exception)\n"
        "print('shown', len(" + repr(ids) + "))\n")
    result = subprocess.run([sys.executable, "-c", script], env=cli_env, capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"shown {len(ids)}" in result.stdout


def test_quiz_reaches_its_first_prompt_without_heavy_imports(cli_env):
    for kind in ("open", "choice", "numeric", "code"):
        child = pexpect.spawn(sys.executable, ["-c", LIGHT, "quiz", "--kind", kind, "--lang", "en"],
                              env=cli_env, encoding="utf-8", timeout=30, cwd=str(ROOT))
        child.expect(["Your answer", "Option number", "Numbers of all", "Press Enter"])
        child.sendline("q")
        child.expect(pexpect.EOF)
        child.close()
        assert "heavy import" not in child.before
        assert child.exitstatus == 0, child.before


def test_list_json_shape(cli_env):
    cli_env["SEQPREP_BANK"] = str(FIXTURE_BANK)
    rows = json.loads(run_light(cli_env, "list", "--json").stdout)
    assert rows[0] == {
        "id": "mini-choice", "section": "rnn-basics", "kind": "choice", "difficulty": "easy",
        "title": {"ru": "Какая нелинейность в формуле обновления скрытого состояния классической RNN?",
                  "en": "Which nonlinearity does the hidden-state update of a vanilla RNN use?"},
    }
    numeric = json.loads(run_light(cli_env, "list", "--json", "--kind", "numeric").stdout)
    assert [r["id"] for r in numeric] == ["mini-numeric"]
    assert "[[" not in numeric[0]["title"]["en"], "titles hide parameter placeholders"


def test_show_unknown_id_is_a_usage_error(cli_env):
    cli_env["SEQPREP_BANK"] = str(FIXTURE_BANK)
    result = run_light(cli_env, "show", "no-such-id")
    assert result.returncode == 2 and "no question with id 'no-such-id'" in result.stderr


def test_reset_asks_first(cli_env):
    cli_env["SEQPREP_BANK"] = str(FIXTURE_BANK)
    declined = subprocess.run([SEQPREP, "reset"], input="n\n", env=cli_env, capture_output=True, text=True,
                              timeout=60)
    assert declined.returncode == 1 and "Forget the progress of 3 questions" in declined.stdout
    accepted = subprocess.run([SEQPREP, "reset", "--section", "rnn-basics"], input="y\n", env=cli_env,
                              capture_output=True, text=True, timeout=60)
    assert accepted.returncode == 0 and "Reset 0 questions" in accepted.stdout
