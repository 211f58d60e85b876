"""The sandbox is a security boundary: one hostile submission per threat class of
docs/ARCHITECTURE.md, run through the real sandbox, and an assertion on the host that it
did no harm (a file outside unchanged, a report intact, no surviving process, the Python
environment unchanged, the memory cap held, no connection made, the verdict not faked).

The hostile submissions are in tests/grading/hostile/. What they print is used only to see
that the attempt really ran; every check of safety looks at the host itself.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import resource
import signal
import site
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from paths import ROOT, SEQPREP
from seqprep.grading.catalog import get_task
from seqprep.grading.grader import grade_dir, grade_source
from seqprep.grading.report import format_rows
from seqprep.grading.report import rows as rows_of

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "hostile"
RIGHT = (HERE / "solutions" / "softmax" / "right_reference.py").read_text(encoding="utf-8")
WRONG = "# seqprep-task: softmax\ndef softmax(x, dim=-1):\n    return x\n"


@pytest.fixture(scope="module")
def sandbox(server):
    """The shared fork server, which must be the namespace sandbox for these tests."""
    if server.isolation != "namespaces":
        if os.environ.get("SEQPREP_REQUIRE_SANDBOX"):
            pytest.fail(f"the namespace sandbox is required here but unavailable: {server.reason}")
        pytest.skip(f"no namespace sandbox on this machine: {server.reason}")
    return server


def hostile(name: str, **params) -> str:
    source = (HOSTILE / name).read_text(encoding="utf-8")
    assert "PARAMS = {}" in source or not params
    return source.replace("PARAMS = {}", f"PARAMS = {params!r}")


def grade(server, source: str, task: str = "softmax", **kw):
    return grade_source(source, get_task(task), server, seed=kw.pop("seed", 0), **kw)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def processes_with(marker: str) -> list[int]:
    """Host processes whose command line holds `marker` (never this test's own)."""
    found = []
    for path in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            if marker.encode() in Path(path).read_bytes():
                found.append(int(path.split("/")[2]))
        except OSError:
            pass
    return [pid for pid in found if pid != os.getpid()]


def children_of(pid: int) -> list[int]:
    kids = []
    for path in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(path).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(path.split("/")[2]))
    return kids


def still_judges_correctly(server) -> None:
    """The grader's verdicts are intact: a right solution passes, a wrong one fails."""
    assert grade(server, RIGHT, seed=1).passed
    assert not grade(server, WRONG, seed=1).passed


# --- files outside the sandbox -------------------------------------------------------

def test_files_outside_are_neither_read_nor_written(sandbox, tmp_path):
    secret = tmp_path / "classmate.py"
    secret.write_text("SECRET-7f3a = 1\n")
    home = Path(os.environ["SEQPREP_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    progress = home / "progress.db"
    progress.write_bytes(b"SQLite format 3\0 SECRET-7f3a")
    protected = [secret, progress, ROOT / "answers" / "attention.py",
                 ROOT / "seqprep" / "grading" / "checks" / "softmax.py", Path.home() / ".bashrc"]
    protected = [p for p in protected if p.exists()]
    before = {p: digest(p) for p in protected}
    verdict = grade(sandbox, hostile("read_outside.py", files=[str(p) for p in protected],
                                     folders=[str(ROOT), str(Path.home()), str(tmp_path)],
                                     pids=[os.getpid(), sandbox.pid]))
    assert not verdict.passed
    assert "SECRET-7f3a" not in verdict.output
    for path in protected:
        assert f"read {path} FAILED" in verdict.output, verdict.output
    assert {p: digest(p) for p in protected} == before
    assert f"mem {os.getpid()} FAILED" in verdict.output
    assert f"list {ROOT} FAILED" in verdict.output or f"list {ROOT} DONE ['.venv']" in verdict.output


def test_the_python_environment_cannot_be_poisoned(sandbox):
    targets = [Path(p) / "zz_seqprep_poison.pth" for p in site.getsitepackages()]
    targets += [Path(os.__file__).parent / "sqlite3.py", Path(os.__file__).parent / "zz_seqprep_poison.py",
                Path(sys.prefix) / "bin" / "seqprep-poison"]
    verdict = grade(sandbox, hostile("poison_environment.py"))
    assert "WRITTEN []" in verdict.output, verdict.output
    assert not any(p.exists() for p in targets)
    still_judges_correctly(sandbox)


# --- the grader, the server and classmates --------------------------------------------

def test_no_process_outside_can_be_signalled_traced_or_overwritten(sandbox):
    """A sibling submission runs while the hostile one tries everything on it, the server and the grader."""
    slow_right = RIGHT.replace("def softmax(", "import time\ntime.sleep(2.5)\n\ndef softmax(", 1)
    sibling: dict = {}
    thread = threading.Thread(target=lambda: sibling.setdefault("verdict", grade(sandbox, slow_right, seed=2)))
    before = set(children_of(sandbox.pid))
    thread.start()
    deadline = time.monotonic() + 10
    while not set(children_of(sandbox.pid)) - before and time.monotonic() < deadline:
        time.sleep(0.02)
    targets = sorted(set(children_of(sandbox.pid)) - before)
    assert targets, "the sibling submission did not start"
    verdict = grade(sandbox, hostile("attack_processes.py", pids=[os.getpid(), sandbox.pid] + targets))
    thread.join()
    assert "VISIBLE [1]" in verdict.output, verdict.output  # it sees only itself
    for pid in [os.getpid(), sandbox.pid] + targets:
        for action in ("ptrace", "mem", "pidfd", "stop", "kill"):
            assert f"{action} {pid} FAILED" in verdict.output, verdict.output
    assert sibling["verdict"].passed, sibling["verdict"].checks
    still_judges_correctly(sandbox)


def test_the_servers_replies_cannot_be_forged(sandbox):
    verdict = grade(sandbox, hostile("forge_replies.py", pids=[sandbox.pid, os.getpid()]))
    assert "OPEN [0, 1, 2" in verdict.output and "WROTE" not in verdict.output, verdict.output
    assert not verdict.passed
    still_judges_correctly(sandbox)


def test_a_batch_is_not_harmed_by_a_hostile_file(sandbox, tmp_path):
    """In one grade batch: a classmate's files and results stay out of reach, and the verdicts
    of the files after the hostile ones are still right."""
    (tmp_path / "a_copier.py").write_text(hostile("copy_classmate.py"))
    (tmp_path / "b_filler.py").write_text(hostile("fill_disk.py"))
    (tmp_path / "c_forger.py").write_text(hostile("forge_replies.py", pids=[sandbox.pid]))
    (tmp_path / "d_right.py").write_text(RIGHT)
    (tmp_path / "e_wrong.py").write_text(WRONG)
    before = {p.name: digest(p) for p in tmp_path.iterdir()}
    verdicts = {Path(v.file).name: v for v in grade_dir(tmp_path, "softmax", sandbox, jobs=2, seed=3)}
    assert {p.name: digest(p) for p in tmp_path.iterdir()} == before
    assert verdicts["d_right.py"].passed and not verdicts["e_wrong.py"].passed
    assert not any(verdicts[f].passed for f in ("a_copier.py", "b_filler.py", "c_forger.py"))
    found = verdicts["a_copier.py"].output.split("FOUND ", 1)[1].splitlines()[0]
    assert found == "['/.seqprep/in/submission.py']", found  # its own file only
    filled = int(verdicts["b_filler.py"].output.split("TOTAL_MB ", 1)[1].split()[0])
    assert filled <= 64 + 16 + 1  # the work folder (also /tmp, $TMPDIR, $HOME) and /dev/shm


# --- limits ---------------------------------------------------------------------------------

def test_memory_is_capped_counting_shared_memory_and_mapped_files(sandbox):
    verdict = grade(sandbox, hostile("memory.py", memory_mb=64), memory_mb=64)
    for attempt in ("shared anonymous", "mapped file in the working folder", "mapped file in /dev/shm",
                    "System V segments", "tensor"):
        assert f"{attempt} REFUSED" in verdict.output, verdict.output
    # and within the limit, memory is available
    fits = RIGHT.replace("def softmax(", "import torch\n_held = torch.ones(8 * 2**20)\n\ndef softmax(", 1)
    assert grade(sandbox, fits, memory_mb=64).passed


def test_memory_outside_the_address_space_is_bounded(sandbox):
    """The threat model's best-effort bound on memfd memory filled with write(): at most
    MAX_FILES descriptors of at most DISK_MB each. Both limits must hold inside the sandbox."""
    from seqprep.grading.jail import DISK_MB, MAX_FILES

    verdict = grade(sandbox, hostile("memfd.py", file_mb=DISK_MB, files=MAX_FILES))
    assert "one memfd over the file-size limit REFUSED 27" in verdict.output, verdict.output   # EFBIG
    assert "more memfds than the open-file limit REFUSED 24" in verdict.output, verdict.output  # EMFILE
    assert not verdict.passed


def test_naive_attention_cannot_hide_its_scores_in_shared_memory(sandbox):
    verdict = grade(sandbox, hostile("naive_attention_in_shared_memory.py"), task="tiled-attention", seed=4)
    failed = {c.name: c.message for c in verdict.checks if not c.passed}
    assert list(failed) == ["long sequence within the memory limit (no Tq x Tk matrix)"], failed


def test_a_decompression_bomb_never_reaches_the_graders_memory(sandbox):
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    verdict = grade(sandbox, hostile("decompression_bomb.py"))
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert "FORGED" in verdict.output
    assert not verdict.passed
    messages = " ".join(c.message for c in verdict.checks)
    assert "a result file holds compressed data" in messages
    assert "a result array is not the size its header says" in messages
    assert (peak_after - peak_before) / 1024 < 300  # MB; decoding the bomb would take 1 GB


def test_no_process_outlives_the_submission(sandbox, tmp_path):
    marker = f"seqprep-leftover-{uuid.uuid4().hex}"
    target = tmp_path / "report.json"
    target.write_text("[]")
    verdict = grade(sandbox, hostile("background.py", marker=marker, target=str(target)))
    started = int(verdict.output.split("STARTED ", 1)[1].split()[0])
    assert 0 < started < 64  # the process limit of the sandbox
    assert processes_with(marker) == []
    time.sleep(1.5)  # the daemon would have written by now
    assert target.read_text() == "[]" and processes_with(marker) == []


def test_there_is_no_network(sandbox):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    name = f"seqprep-test-{uuid.uuid4().hex}"
    abstract = socket.socket(socket.AF_UNIX)
    abstract.bind("\0" + name)
    abstract.listen()
    abstract.setblocking(False)
    verdict = grade(sandbox, hostile("network.py", port=listener.getsockname()[1], abstract=name))
    for attempt in ("loopback", "abstract unix socket", "outside", "dns"):
        assert f"{attempt} FAILED" in verdict.output, verdict.output
    for sock in (listener, abstract):
        with pytest.raises(BlockingIOError):
            sock.accept()
        sock.close()


# --- forbidden APIs: every path trapped, correct code never flagged ------------------------

BYPASSES = {
    "torch.ops.aten": ("softmax", "import torch\ndef softmax(x, dim=-1):\n    return torch.ops.aten._softmax(x, dim, False)\n"),
    "_VariableFunctions": ("softmax", "import torch\ndef softmax(x, dim=-1):\n"
                                      "    return torch._C._VariableFunctions.softmax(x, dim)\n"),
    "TensorBase": ("softmax", "import torch\ndef softmax(x, dim=-1):\n    return torch._C.TensorBase.softmax(x, dim)\n"),
    "computed name": ("softmax", "import importlib\nname = 'soft' + 'max'\n"
                                 "def softmax(x, dim=-1):\n"
                                 "    return getattr(importlib.import_module('torch.nn.' + 'functional'), name)(x, dim)\n"),
    "torch._C._nn": ("tiled-attention", "import torch\ndef tiled_attention(q, k, v, block_size):\n"
                                        "    return torch._C._nn.scaled_dot_product_attention(q, k, v)\n"),
    "autograd engine": ("rnn-bptt", "import torch\nfrom torch.autograd.variable import Variable\n"
                                    "def rnn_backward(x, h0, W_xh, W_hh, b_h, dH):\n"
                                    "    w = torch.tensor(W_hh, requires_grad=True)\n"
                                    "    Variable._execution_engine.run_backward(((w * 2).sum(),), (torch.tensor(1.0, dtype=w.dtype),),"
                                    " False, False, (), False)\n    return {}\n"),
}


@pytest.mark.parametrize("name", list(BYPASSES))
def test_every_path_to_a_forbidden_op_is_trapped(sandbox, name):
    task, source = BYPASSES[name]
    verdict = grade(sandbox, source, task=task)
    forbidden = [c for c in verdict.checks if c.name == "no forbidden API"]
    assert forbidden and not forbidden[0].passed, [(c.name, c.message) for c in verdict.checks]
    assert "which this task forbids" in forbidden[0].message


def test_the_reference_answers_cannot_be_reached(sandbox):
    sources = [
        "import sys\nsys.meta_path[:] = [f for f in sys.meta_path if 'Block' not in type(f).__name__]\n"
        "from answers.attention import softmax\n",
        f"import importlib.util\nspec = importlib.util.spec_from_file_location('a', {str(ROOT / 'answers' / 'attention.py')!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\nsoftmax = m.softmax\n",
        "import importlib\nimportlib.import_module('seqprep.grading.checks.softmax')\n",
    ]
    for source in sources:
        verdict = grade(sandbox, source)
        assert verdict.checks[0].name == "imports" and not verdict.checks[0].passed, verdict.checks[0]
        assert "Error" in verdict.checks[0].message


CORRECT_BUT_SUSPICIOUS = {
    # a NumPy class with its own backward(): a textbook BPTT
    "own backward method": ("rnn-bptt", (HERE / "solutions" / "rnn-bptt" / "right_reference.py").read_text()
                            .replace("def rnn_backward(", "def _rnn_backward(")
                            + "\n\nclass BPTT:\n    def backward(self, *args):\n        return _rnn_backward(*args)\n\n\n"
                              "def rnn_backward(x, h0, W_xh, W_hh, b_h, dH):\n"
                              "    return BPTT().backward(x, h0, W_xh, W_hh, b_h, dH)\n"),
    # a helper method named softmax
    "own softmax method": ("softmax", "import torch\n\nclass Stable:\n    def softmax(self, x, dim):\n"
                                      "        e = (x - x.amax(dim, keepdim=True).nan_to_num(0, 0, 0)).exp()\n"
                                      "        return e / e.sum(dim, keepdim=True).clamp_min(1e-300)\n\n"
                                      "def softmax(x, dim=-1):\n    return Stable().softmax(x, dim)\n"),
    # a library call in the main block, which the grader never runs
    "main block": ("softmax", RIGHT + "\n\nif __name__ == '__main__':\n    import torch\n"
                                      "    print(torch.softmax(torch.ones(3), 0), torch.ones(2).softmax(0))\n"),
}


@pytest.mark.parametrize("name", list(CORRECT_BUT_SUSPICIOUS))
def test_correct_code_is_not_flagged(sandbox, name):
    task, source = CORRECT_BUT_SUSPICIOUS[name]
    for seed in (0, 1):
        verdict = grade(sandbox, source, task=task, seed=seed)
        assert verdict.passed, [(c.name, c.message) for c in verdict.checks if not c.passed]


# --- the command line: reports, Ctrl-C, the weaker sandbox ---------------------------------

def test_the_grade_report_survives_hostile_text_and_names(sandbox, tmp_path, cli_env):
    folder = tmp_path / "batch"
    folder.mkdir()
    nasty = "\\ud800 \\x1b[31mRED\\x1b[0m\\n=HYPERLINK(\\\"x\\\")"
    (folder / "a_surrogate.py").write_text(f"raise ValueError('=cmd' + '{nasty}')\n")
    (folder / "b_formula.py").write_text("raise ValueError('-2+3')\n")
    bom = b"\xef\xbb\xbf" + RIGHT.encode()
    (folder / "c_bom.py").write_bytes(bom)
    latin = ("# -*- coding: latin-1 -*-\n# café\n" + RIGHT).encode("latin-1")
    (folder / "d_latin1.py").write_bytes(latin)
    os.close(os.open(os.path.join(os.fsencode(folder), b"e_caf\xe9.py"), os.O_CREAT | os.O_WRONLY, 0o644))
    Path(os.fsdecode(os.path.join(os.fsencode(folder), b"e_caf\xe9.py"))).write_text(RIGHT)
    out = tmp_path / "report.csv"
    result = subprocess.run([SEQPREP, "grade", str(folder), "--task", "softmax", "--format", "csv", "--out", str(out),
                             "--seed", "11"], env=cli_env, capture_output=True, timeout=300)
    assert result.returncode == 1, result.stderr  # some files failed
    assert b"Traceback" not in result.stderr
    report = out.read_bytes().decode("utf-8")  # strict: valid UTF-8
    assert "\x1b" not in report and "\ud800" not in report
    import csv

    rows = {r["file"].rsplit("/", 1)[-1]: r for r in csv.DictReader(report.splitlines())}
    assert set(rows) == {"a_surrogate.py", "b_formula.py", "c_bom.py", "d_latin1.py", "e_caf\\xe9.py"}
    assert rows["c_bom.py"]["passed"] == rows["d_latin1.py"]["passed"] == rows["e_caf\\xe9.py"]["passed"] == "True"
    assert all(r["seed"] == "11" for r in rows.values())
    for row in rows.values():
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())
    assert "\\ud800" in rows["a_surrogate.py"]["error"] and "\\x1b[31m" in rows["a_surrogate.py"]["error"]
    # the same batch as JSON, in this process
    text = format_rows(rows_of(grade_dir(folder, "softmax", sandbox, seed=11)), "json")
    data = json.loads(text.encode("utf-8"))
    assert len(data) == 5 and all(r["seed"] == 11 for r in data) and "\x1b" not in text
    # submit on a name that is not UTF-8
    name = os.fsdecode(os.path.join(os.fsencode(folder), b"e_caf\xe9.py"))
    result = subprocess.run([SEQPREP, "submit", name, "--task", "softmax", "--seed", "1"], env=cli_env,
                            capture_output=True, timeout=300)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert b"e_caf\\xe9.py" in result.stdout


def test_the_report_is_written_after_every_sandbox_is_gone(sandbox, tmp_path, cli_env):
    folder = tmp_path / "batch"
    folder.mkdir()
    out = tmp_path / "report.json"
    marker = f"seqprep-leftover-{uuid.uuid4().hex}"
    (folder / "daemon.py").write_text(hostile("background.py", marker=marker, target=str(out)))
    (folder / "right.py").write_text(RIGHT)
    result = subprocess.run([SEQPREP, "grade", str(folder), "--task", "softmax", "--format", "json", "--out", str(out)],
                            env=cli_env, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    report = out.read_text()
    time.sleep(1.5)
    assert out.read_text() == report and len(json.loads(report)) == 2
    assert processes_with(marker) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []  # no temporary left


def test_ctrl_c_stops_every_sandbox_before_the_command_exits(sandbox, tmp_path, cli_env):
    folder = tmp_path / "batch"
    folder.mkdir()
    marker = f"seqprep-interrupted-{uuid.uuid4().hex}"
    for i in range(2):
        (folder / f"s{i}.py").write_text(
            f"import subprocess, time\nsubprocess.Popen(['/bin/sh', '-c', 'sleep 60; : {marker}'])\n"
            "time.sleep(60)\n")
    out = tmp_path / "report.json"
    proc = subprocess.Popen([SEQPREP, "grade", str(folder), "--task", "softmax", "--jobs", "2", "--out", str(out),
                             "--timeout", "60"], env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(processes_with(marker)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(processes_with(marker)) >= 2, "the submissions did not start"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert processes_with(marker) == []  # gone before the command returned
    assert b"interrupted" in stderr and not out.exists()


def test_without_namespaces_submit_warns_and_grade_refuses(tmp_path, cli_env):
    env = dict(cli_env, SEQPREP_TEST_NO_NAMESPACES="1")
    good = tmp_path / "good.py"
    good.write_text(RIGHT)
    result = subprocess.run([SEQPREP, "submit", str(good), "--seed", "1"], env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "weaker sandbox" in warnings[0] and "SEQPREP_TEST_NO_NAMESPACES" in warnings[0]
    refused = subprocess.run([SEQPREP, "grade", str(tmp_path), "--task", "softmax"], env=env, capture_output=True,
                             text=True, timeout=300)
    assert refused.returncode == 2 and "--no-isolation" in refused.stderr and "Traceback" not in refused.stderr
    allowed = subprocess.run([SEQPREP, "grade", str(tmp_path), "--task", "softmax", "--no-isolation",
                              "--format", "json"], env=env, capture_output=True, text=True, timeout=300)
    assert allowed.returncode == 0, allowed.stderr
    assert [r["passed"] for r in json.loads(allowed.stdout)] == [True]
