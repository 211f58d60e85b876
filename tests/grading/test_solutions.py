"""Every task: its reference and the valid alternatives pass; each plausible wrong solution fails,
and fails for the reason it was written to show, on every seed.

Files live in tests/grading/solutions/<task>/:
  right_*.py   must pass every check, on every seed;
  wrong_*.py   must fail; its `# expect-fail: <text>` lines name checks (by a piece of their name)
               that must be among the failed ones, on every seed.

Two ways of grading, both tested here:
  * through the real grader and its sandbox, one seed per file, and the in-process
    verdict on the same seed must agree with it check by check;
  * in-process (`seqprep.grading.inprocess`), over seeds 0 .. 499 for every file, with the
    checks of seeds 0 .. 1999 built (slow-marked; it runs in `make test`).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

from seqprep.grading.catalog import get_task, task_ids
from seqprep.grading.grader import grade_file

from sweep import SOLUTIONS, expected_failures, result, solution_files, start_all

GRADED_SEEDS = 500
BUILT_SEEDS = 2000


@pytest.fixture(scope="module", autouse=True)
def _slow_jobs_start_early(request):
    """The slow tests' jobs start with this module's first test, in worker processes."""
    start_all(request.session)


def files(prefix: str) -> list[Path]:
    return [p for task in sorted(task_ids()) for p in solution_files(task, prefix)]


def seed_of(path: Path) -> int:
    """A fixed seed per file, different across files."""
    return zlib.crc32(f"{path.parent.name}/{path.name}".encode()) % 100_000


def test_every_task_has_a_reference_alternatives_and_five_wrong_solutions():
    for task in sorted(task_ids()):
        folder = SOLUTIONS / task
        rights = solution_files(task, "right_")
        wrongs = solution_files(task, "wrong_")
        assert folder.is_dir(), f"no solutions for task {task}"
        assert any(p.name == "right_reference.py" for p in rights), f"{task}: no right_reference.py"
        assert len(rights) >= 2, f"{task}: needs at least one valid alternative besides the reference"
        assert len(wrongs) >= 5, f"{task}: needs at least 5 wrong solutions, has {len(wrongs)}"
        for path in wrongs:
            assert expected_failures(path), f"{path.name} must say which check it fails with '# expect-fail: ...'"


def _in_process(path: Path, seed: int):
    from seqprep.grading import inprocess

    task = get_task(path.parent.name)
    solution = inprocess.load_solution(path.read_text(encoding="utf-8"), path.name, task.forbidden)
    return inprocess.grade(solution, inprocess.prepare(task, seed))


NUMBER = re.compile(r"[-+]?\d+(\.\d+)?(e[-+]?\d+)?")


def _agree(path: Path, verdict, seed: int) -> None:
    """The in-process verdict equals the sandbox's, check by check, and so do the messages, up to
    the numbers in them (a solution that keeps nn.Embedding's random init differs there),
    except where the forbidden-API traps word it their own way, and except that a wrong
    solution near the memory limit may run out of memory in one and not the other (the
    sandbox counts address space, this process counts data; both fail the check)."""
    mine = _in_process(path, seed)
    sandboxed = [(c.name, c.passed) for c in verdict.checks]
    assert [(c.name, c.passed) for c in mine.checks] == sandboxed, f"seed {seed}: in-process and sandbox differ"
    for theirs, ours in zip(verdict.checks, mine.checks):
        if not any(word in theirs.message + ours.message for word in ("forbid", "not allowed", "out of memory")):
            assert NUMBER.sub("#", ours.message) == NUMBER.sub("#", theirs.message), f"seed {seed}: {theirs.name}"


@pytest.mark.parametrize("path", files("right_"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_right_solutions_pass_in_the_sandbox(path, server):
    seed = seed_of(path)
    verdict = grade_file(path, server, task_id=path.parent.name, seed=seed)
    failed = [f"{c.name}: {c.message}" for c in verdict.checks if not c.passed]
    assert verdict.passed and not failed, f"seed {seed}: {failed}"
    _agree(path, verdict, seed)


@pytest.mark.parametrize("path", files("wrong_"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_wrong_solutions_fail_for_their_reason_in_the_sandbox(path, server):
    seed = seed_of(path)
    verdict = grade_file(path, server, task_id=path.parent.name, seed=seed)
    assert not verdict.passed, f"seed {seed}: a wrong solution passed"
    failed = [c.name for c in verdict.checks if not c.passed]
    for piece in expected_failures(path):
        assert any(piece in name for name in failed), \
            f"seed {seed}: expected a failed check containing {piece!r}; failed: {failed}"
    _agree(path, verdict, seed)


@pytest.mark.slow
@pytest.mark.parametrize("task_id", sorted(task_ids()))
def test_every_seed(task_id, request):
    """Seeds 0 .. 1999 build; on seeds 0 .. 499 every right solution passes and every wrong one
    fails for its reason. A bug class the checks exercise only on some draws shows up here.
    (The sweep runs in a worker process, in parallel with the other slow tests: `sweep.result`.)"""
    report = result(request, task_id)
    assert not report.problems, "\n" + report.summary()
    assert (report.seeds_built, report.seeds_graded) == (BUILT_SEEDS, GRADED_SEEDS)


def test_a_noncontiguous_input_reaches_the_submission_noncontiguous(server, tmp_path):
    """checks.transposed() is only worth something if the layout survives the trip to the child."""
    import torch

    from seqprep.grading.checks import transposed
    from seqprep.grading.grader import _Files
    from seqprep.grading.runner import _load_arg

    x = torch.arange(24.0).reshape(2, 3, 4)
    files_ = _Files()
    for view in (transposed(x), transposed(x, 0, 2), x):
        loaded = _load_arg(files_.arg(view), files_.arrays)
        assert torch.equal(loaded, view) and loaded.is_contiguous() == view.is_contiguous()
    path = tmp_path / "probe.py"
    path.write_text("# seqprep-task: softmax\n\n\ndef softmax(x, dim=-1):\n"
                    "    return x.view(-1).view(x.shape)\n", encoding="utf-8")
    verdict = grade_file(path, server, task_id="softmax", seed=0)
    failed = {c.name: c.message for c in verdict.checks if not c.passed}
    assert "view size is not compatible" in failed["the last dim (float32, transposed input)"]


def test_the_reference_import_is_blocked(server, tmp_path):
    path = tmp_path / "cheat.py"
    path.write_text("from answers.attention import softmax\n", encoding="utf-8")
    verdict = grade_file(path, server, task_id="softmax", seed=0)
    assert not verdict.passed
    assert verdict.checks[0].name == "imports"
    assert "importing 'answers' is not allowed" in verdict.checks[0].message or \
        "importing 'answers.attention' is not allowed" in verdict.checks[0].message
