"""`pip install .` (not editable) gives a working `seqprep` from any folder:
the bank and answers/ ship inside the wheel."""

from __future__ import annotations

import json
import site
import subprocess
import sys
import zipfile

import pytest

from paths import ROOT
from seqprep.bank import load_bank


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(out), str(ROOT)], check=True, timeout=300)
    (path,) = out.glob("seqprep-*.whl")
    return path


def test_wheel_contains_the_bank_answers_and_tasks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "seqprep/questions/rnn-basics.yaml" in names
    assert "answers/attention.py" in names and "answers/tokenizers/bpe.py" in names
    assert "seqprep/grading/tasks/sdpa.yaml" in names
    assert not any(n.startswith(("tests/", "site/")) for n in names)


def test_installed_wheel_works_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet",
                    str(wheel)], check=True, timeout=300)
    # The dependencies (torch is large) come from this test's environment, after the wheel's own files.
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    deps = [p for p in site.getsitepackages() if "site-packages" in p]
    with open(f"{purelib}/zz_seqprep_test_deps.pth", "w") as pth:
        pth.write("\n".join(deps) + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "SEQPREP_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    where = subprocess.run([str(python), "-c", "import seqprep, answers; print(seqprep.__file__, answers.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout
    assert where.count(str(venv)) == 2, f"imported from the checkout, not the wheel: {where}"
    listed = subprocess.run([str(venv / "bin" / "seqprep"), "list", "--json"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == len(load_bank()) and {"id", "section", "kind", "difficulty", "title"} <= set(rows[0])
    shown = subprocess.run([str(venv / "bin" / "seqprep"), "show", "cx-param-count", "--lang", "en"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0 and "15,775,744" in shown.stdout
