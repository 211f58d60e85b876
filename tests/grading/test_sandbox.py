"""A submission is untrusted code: every way it can misbehave ends in a clear verdict,
and nothing it does in its own process can make a wrong answer pass."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from paths import SEQPREP
from seqprep.grading.catalog import get_task
from seqprep.grading.grader import grade_dir, grade_source

RIGHT = (Path(__file__).parent / "solutions" / "softmax" / "right_reference.py").read_text()


def grade(server, source: str, task: str = "softmax", **kw):
    return grade_source(textwrap.dedent(source), get_task(task), server, seed=kw.pop("seed", 0), **kw)


def messages(verdict) -> str:
    return "\n".join(f"{c.name}: {c.message}" for c in verdict.checks if not c.passed)


def test_syntax_error_names_the_line(server):
    verdict = grade(server, "import torch\n\ndef softmax(x, dim=-1)\n    return x\n")
    assert not verdict.passed
    assert [c.name for c in verdict.checks] == ["syntax"]
    assert verdict.error == "syntax error at line 3: expected ':'"


def test_import_error_names_the_line_without_grader_frames(server):
    verdict = grade(server, "import torch\nx = undefined_name + 1\n")
    assert verdict.checks[0].name == "imports" and not verdict.checks[0].passed
    assert verdict.checks[0].message == ("error while importing your file: "
                                         "NameError: name 'undefined_name' is not defined (line 2)")
    assert "runner.py" not in messages(verdict)


def test_timeout_kills_the_child_and_says_so(server):
    started = time.monotonic()
    verdict = grade(server, "def softmax(x, dim=-1):\n    while True:\n        pass\n", timeout_s=2)
    assert time.monotonic() - started < 10
    assert not verdict.passed and verdict.error == "timeout: stopped after 2 s"
    assert "timeout: stopped after 2 s" in messages(verdict)


def test_out_of_memory_is_a_verdict(server):
    source = """
        import torch
        def softmax(x, dim=-1):
            big = torch.empty(4 * 1024 ** 3, dtype=torch.uint8)  # 4 GiB over a 256 MB cap
            big.fill_(1)
            return x
    """
    verdict = grade(server, source, memory_mb=256)
    assert not verdict.passed
    assert "out of memory" in messages(verdict)


def test_a_crash_reports_the_signal(server):
    source = """
        import ctypes
        def softmax(x, dim=-1):
            ctypes.string_at(0)  # a real segmentation fault
    """
    verdict = grade(server, source)
    assert verdict.error == "crashed (signal 11: SIGSEGV)"


def test_exiting_early_with_status_zero_does_not_pass(server):
    verdict = grade(server, "import os\nprint('ALL CHECKS PASSED')\nos._exit(0)\n")
    assert not verdict.passed
    assert "no result: the program exited before finishing" in messages(verdict)
    assert "ALL CHECKS PASSED" in verdict.output  # captured, but never parsed


def test_printing_a_fake_verdict_does_not_pass(server):
    source = """
        import json, sys
        print(json.dumps({"passed": True, "checks": []}))
        def softmax(x, dim=-1):
            print("✔ all checks passed")
            return x
    """
    verdict = grade(server, source)
    assert not verdict.passed


def test_patching_torch_and_pytest_in_the_child_changes_nothing(server):
    source = """
        import numpy, torch, torch.testing
        torch.allclose = lambda *a, **k: True
        torch.equal = lambda *a, **k: True
        torch.testing.assert_close = lambda *a, **k: None
        numpy.allclose = lambda *a, **k: True
        numpy.array_equal = lambda *a, **k: True
        try:
            import pytest
            pytest.approx = lambda *a, **k: a[0]
        except ImportError:
            pass
        def softmax(x, dim=-1):
            return x * 0
    """
    verdict = grade(server, source)
    assert not verdict.passed
    assert "max abs error" in messages(verdict)


def test_objects_with_a_custom_eq_are_rejected(server):
    source = """
        import torch
        class Liar(float):
            def __eq__(self, other):
                return True
        class LiarTensor(torch.Tensor):
            def __eq__(self, other):
                return torch.ones_like(self, dtype=torch.bool)
        def softmax(x, dim=-1):
            if x.dim() == 2:
                return Liar(0.0)
            return torch.zeros_like(x).as_subclass(LiarTensor)
    """
    verdict = grade(server, source)
    assert not verdict.passed
    text = messages(verdict)
    assert "expected a torch tensor" in text and "max abs error" in text


def test_the_reference_answers_cannot_be_imported(server):
    for source in ("import answers.attention\n", "from seqprep.grading import grader\n"):
        verdict = grade(server, source)
        assert verdict.checks[0].name == "imports"
        assert "is not allowed in a submission" in verdict.checks[0].message


def test_forbidden_api_is_caught_at_run_time_too(server):
    source = """
        import torch
        name = "soft" + "max"
        def softmax(x, dim=-1):
            return getattr(torch, name)(x, dim=dim)
    """
    verdict = grade(server, source)
    forbidden = [c for c in verdict.checks if c.name == "no forbidden API"][0]
    assert not forbidden.passed and "torch.softmax" in forbidden.message


def test_forged_result_files_are_refused(server):
    # The child writes result files itself: one refers to an array that is not there,
    # another stores a pickled object array, which the grader must never unpickle.
    source = """
        import json, pathlib
        import numpy as np
        for i in range(12):
            for j in range(3):
                name = f"out_c{i}_{j}"
                if (i + j) % 2:
                    pathlib.Path(name + ".json").write_text(json.dumps(
                        {"result": {"t": "tensor", "key": "../../etc/hostname", "dtype": "torch.float32"}}))
                else:
                    np.savez(name + ".npz", result=np.array([object()], dtype=object))
                    pathlib.Path(name + ".json").write_text(json.dumps(
                        {"result": {"t": "tensor", "key": "result", "dtype": "torch.float32"}}))
        import os
        os._exit(0)
    """
    verdict = grade(server, source)
    assert not verdict.passed
    text = messages(verdict)
    assert "a result refers to an array that is not there" in text
    assert "Object arrays cannot be loaded when allow_pickle=False" in text


def test_huge_output_is_capped(server):
    source = """
        def softmax(x, dim=-1):
            print("x" * 10_000_000)
            return x
    """
    verdict = grade(server, source)
    assert len(verdict.output) <= 4096


def test_a_batch_with_bad_files_finishes_with_a_row_each(server, tmp_path):
    (tmp_path / "good.py").write_text(RIGHT)
    (tmp_path / "syntax.py").write_text("def softmax(:\n")
    (tmp_path / "loop.py").write_text("while True:\n    pass\n")
    (tmp_path / "crash.py").write_text("import ctypes\nctypes.string_at(0)\n")
    (tmp_path / "binary.py").write_bytes(b"\xff\xfe\x00garbage")
    verdicts = grade_dir(tmp_path, "softmax", server, jobs=2, timeout_s=2)
    by_name = {Path(v.file).name: v for v in verdicts}
    assert set(by_name) == {"good.py", "syntax.py", "loop.py", "crash.py", "binary.py"}
    assert by_name["good.py"].passed
    assert by_name["syntax.py"].error.startswith("syntax error at line 1")
    assert by_name["loop.py"].error.startswith("timeout")
    assert by_name["crash.py"].error == "crashed (signal 11: SIGSEGV)"
    assert by_name["binary.py"].error.startswith("cannot read the file")


def test_submit_cli_exit_codes_and_json(tmp_path, cli_env):
    good = tmp_path / "good.py"
    good.write_text(RIGHT)
    result = subprocess.run([SEQPREP, "submit", str(good), "--json"], env=cli_env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"task", "file", "seed", "passed", "error", "checks", "elapsed_s", "recorded"}
    assert data["task"] == "softmax" and data["passed"] is True and data["error"] is None
    assert type(data["seed"]) is int and data["recorded"] is True
    assert all(set(c) == {"name", "passed", "message"} for c in data["checks"])

    bad = tmp_path / "bad.py"
    bad.write_text("# seqprep-task: softmax\ndef softmax(x, dim=-1):\n    return x\n")
    assert subprocess.run([SEQPREP, "submit", str(bad)], env=cli_env, capture_output=True,
                          timeout=120).returncode == 1
    usage = [
        [SEQPREP, "submit", str(tmp_path / "missing.py")],
        [SEQPREP, "submit", str(good), "--task", "no-such-task"],
    ]
    headerless = tmp_path / "plain.py"
    headerless.write_text("x = 1\n")
    usage.append([SEQPREP, "submit", str(headerless)])
    for command in usage:
        result = subprocess.run(command, env=cli_env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, command
        assert result.stderr.startswith("error:") and "Traceback" not in result.stderr


def test_submit_counts_for_the_linked_code_question(tmp_path, cli_env):
    good = tmp_path / "good.py"
    good.write_text(RIGHT)
    subprocess.run([SEQPREP, "submit", str(good)], env=cli_env, capture_output=True, timeout=120, check=True)
    bad = tmp_path / "bad.py"
    bad.write_text("# seqprep-task: softmax\ndef softmax(x, dim=-1):\n    return x\n")
    subprocess.run([SEQPREP, "submit", str(bad)], env=cli_env, capture_output=True, timeout=120)
    from seqprep.store import Store

    path = Path(cli_env["SEQPREP_HOME"]) / "progress.db"
    assert [s["passed"] for s in Store(path).submissions("softmax")] == [1, 0]
    # the next `stats` (or quiz) applies both verdicts, once
    for _ in range(2):
        out = subprocess.run([SEQPREP, "stats", "--json"], env=cli_env, capture_output=True, text=True, timeout=120)
        rows = {r["section"]: r for r in json.loads(out.stdout)["sections"]}
        assert rows["self-attention-from-scratch"]["seen"] == 1
    reviewed = [(r.question_id, r.rating, r.source) for r in Store(path).live_reviews()]
    assert reviewed == [("scratch-softmax-code", 3, "submit"), ("scratch-softmax-code", 1, "submit")]


def test_start_writes_a_starter_and_never_overwrites(tmp_path, cli_env):
    result = subprocess.run([SEQPREP, "start", "sdpa", "--dir", str(tmp_path), "--lang", "en"], env=cli_env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    path = tmp_path / "sdpa.py"
    text = path.read_text()
    assert text.startswith("# seqprep-task: sdpa\n") and "raise NotImplementedError" in text
    assert ">>> out, weights = scaled_dot_product_attention(q, k, v)" in text
    path.write_text("my work")
    again = subprocess.run([SEQPREP, "start", "sdpa", "--dir", str(tmp_path)], env=cli_env,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "--force" in again.stderr
    assert path.read_text() == "my work"


def test_grade_cli_writes_one_row_per_file(tmp_path, cli_env):
    import csv

    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "alice.py").write_text(RIGHT)
    (folder / "bob.py").write_text("def softmax(x, dim=-1):\n    return x\n")
    (folder / "carol.py").write_text("def softmax(x, dim=-1):\n    return x.exp(\n")
    report = tmp_path / "report.csv"
    result = subprocess.run([SEQPREP, "grade", str(folder), "--task", "softmax", "--jobs", "2",
                             "--format", "csv", "--out", str(report)], env=cli_env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1, result.stderr  # not every file passed
    assert "1/3 passed (seed " in result.stderr
    rows = {Path(r["file"]).name: r for r in csv.DictReader(report.open())}
    assert set(rows) == {"alice.py", "bob.py", "carol.py"}
    assert rows["alice.py"]["passed"] == "True" and rows["alice.py"]["checks_passed"] == rows["alice.py"]["checks_total"]
    assert rows["bob.py"]["passed"] == "False" and int(rows["bob.py"]["checks_passed"]) < int(rows["bob.py"]["checks_total"])
    assert rows["carol.py"]["error"].startswith("syntax error at line 2")
    as_json = subprocess.run([SEQPREP, "grade", str(folder), "--task", "softmax", "--format", "json"], env=cli_env,
                             capture_output=True, text=True, timeout=300)
    assert {Path(r["file"]).name for r in json.loads(as_json.stdout)} == {"alice.py", "bob.py", "carol.py"}


def test_the_same_file_and_seed_give_the_same_verdict(server):
    wrong = "import torch\ndef softmax(x, dim=-1):\n    return torch.exp(x) / torch.exp(x).sum(dim, keepdim=True)\n"
    first, second = grade(server, wrong, seed=7), grade(server, wrong, seed=7)
    assert first.seed == second.seed == 7 and not first.passed
    assert [(c.name, c.passed, c.message) for c in first.checks] == [(c.name, c.passed, c.message) for c in second.checks]
    other = grade(server, wrong, seed=8)
    assert [c.message for c in other.checks] != [c.message for c in first.checks]  # the seed draws the inputs


def test_bom_and_coding_cookie_are_read_as_python_reads_them(server, tmp_path):
    from seqprep.grading.grader import grade_file

    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + RIGHT.encode())
    latin = tmp_path / "latin.py"
    latin.write_bytes(("# -*- coding: latin-1 -*-\n# déjà vu\n" + RIGHT).encode("latin-1"))
    for path in (bom, latin):
        verdict = grade_file(path, server, seed=0)  # the task comes from the header, after the BOM/cookie line
        assert verdict.passed, (path.name, [(c.name, c.message) for c in verdict.checks if not c.passed])


def test_deeply_nested_forged_results_are_a_verdict(server):
    source = """
        import json, os
        for i in range(20):
            for j in range(3):
                open(f"out_c{i}_{j}.json", "w").write('{"result": ' + '[' * 100000 + ']' * 100000 + '}')
        os._exit(0)
    """
    verdict = grade(server, source)
    assert not verdict.passed and "its result could not be read" in messages(verdict)


def test_a_grader_failure_is_an_internal_error_not_a_failed_submission(server, monkeypatch):
    from seqprep.grading import checks
    from seqprep.grading.grader import grade_file

    def broken(task_id):
        raise IndexError("index 4 is out of bounds for dimension 0 with size 3")

    monkeypatch.setattr(checks, "load", broken)
    verdict = grade_file(Path(__file__).parent / "solutions" / "softmax" / "right_reference.py", server,
                         task_id="softmax", seed=7)
    assert verdict.internal and not verdict.passed
    assert verdict.error == ("internal error in the grader (task softmax, seed 7): building the hidden checks failed: "
                             "IndexError: index 4 is out of bounds for dimension 0 with size 3 — please report")


def test_an_internal_error_exits_3_with_one_line(tmp_path, cli_env):
    good = tmp_path / "good.py"
    good.write_text(RIGHT)
    script = ("import sys\nfrom seqprep.grading import checks\n"
              "def broken(task_id):\n    raise IndexError('index 4 is out of bounds')\n"
              "checks.load = broken\nfrom seqprep.cli import main\n"
              f"sys.argv = ['seqprep', 'submit', {str(good)!r}, '--seed', '7', '--json']\nmain()\n")
    result = subprocess.run([sys.executable, "-c", script], env=cli_env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        "internal error in the grader (task softmax, seed 7): building the hidden checks failed: "
        "IndexError: index 4 is out of bounds — please report"]
    data = json.loads(result.stdout)
    assert data["error"].startswith("internal error in the grader") and data["recorded"] is False


def test_submit_says_what_it_records_for_the_quiz(tmp_path, cli_env):
    from seqprep.store import Store

    def submit(*args):
        return subprocess.run([SEQPREP, "submit", *map(str, args)], env=cli_env, capture_output=True, text=True,
                              timeout=300)

    folder = submit(tmp_path)
    assert folder.returncode == 2 and "is a directory" in folder.stderr and "Traceback" not in folder.stderr
    empty = tmp_path / "empty.py"
    empty.write_text("# seqprep-task: softmax\n\n")
    result = submit(empty)
    assert result.returncode == 1
    assert result.stdout.count("✘") == 1 and "the file is empty" in result.stdout
    assert "Not recorded for the quiz: the file is empty." in result.stdout
    starter = subprocess.run([SEQPREP, "start", "softmax", "--dir", str(tmp_path), "--lang", "en"], env=cli_env,
                             capture_output=True, text=True, timeout=60)
    assert starter.returncode == 0
    result = submit(tmp_path / "softmax.py")
    assert result.returncode == 1 and "Not recorded for the quiz: the file is still the starter" in result.stdout
    good = tmp_path / "good.py"
    good.write_text(RIGHT)
    first, again = submit(good, "--seed", "3"), submit(good, "--seed", "4")
    assert first.returncode == again.returncode == 0
    assert "Recorded for the quiz: the next `seqprep quiz` counts it as a review (Good)" in first.stdout
    assert "Not recorded again: the file has not changed" in again.stdout
    good.write_text(RIGHT + "\n# edited\n")
    assert "Recorded for the quiz" in submit(good).stdout
    store = Store(Path(cli_env["SEQPREP_HOME"]) / "progress.db")
    assert [s["passed"] for s in store.submissions("softmax")] == [1, 1]


def test_oversized_or_special_result_files_are_refused(server):
    source = """
        import os
        with open("out_c0_0.json", "w") as f:
            f.write('{"result": {"t": "py", "v": "' + "x" * (17 * 2**20) + '"}}')
        os.mkfifo("out_c1_0.json")
        os.symlink("/etc/passwd", "out_c2_0.json")
        os._exit(0)
    """
    verdict = grade(server, source)
    assert not verdict.passed
    refused = [c for c in verdict.checks if "larger than the grader accepts, or not a regular file" in c.message]
    assert len(refused) >= 3, messages(verdict)
