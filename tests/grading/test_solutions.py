"""Every task: its reference and the valid alternatives pass; each plausible wrong solution fails,
and fails for the reason it was written to show.

Files live in tests/grading/solutions/<task>/:
  right_*.py   must pass every check, for several seeds;
  wrong_*.py   must fail; its `# expect-fail: <text>` lines name checks (by a piece of their name)
               that must be among the failed ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seqprep.grading.catalog import task_ids
from seqprep.grading.grader import grade_file

HERE = Path(__file__).resolve().parent / "solutions"
SEEDS = (0, 1, 2)


def files(prefix: str) -> list[Path]:
    return sorted(HERE.glob(f"*/{prefix}_*.py"))


def test_every_task_has_a_reference_alternatives_and_five_wrong_solutions():
    for task in sorted(task_ids()):
        folder = HERE / task
        rights = list(folder.glob("right_*.py"))
        wrongs = list(folder.glob("wrong_*.py"))
        assert folder.is_dir(), f"no solutions for task {task}"
        assert any(p.name == "right_reference.py" for p in rights), f"{task}: no right_reference.py"
        assert len(rights) >= 2, f"{task}: needs at least one valid alternative besides the reference"
        assert len(wrongs) >= 5, f"{task}: needs at least 5 wrong solutions, has {len(wrongs)}"


@pytest.mark.parametrize("path", files("right"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_right_solutions_pass(path, server):
    for seed in SEEDS:
        verdict = grade_file(path, server, task_id=path.parent.name, seed=seed)
        failed = [f"{c.name}: {c.message}" for c in verdict.checks if not c.passed]
        assert verdict.passed and not failed, f"seed {seed}: {failed}"


@pytest.mark.parametrize("path", files("wrong"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_wrong_solutions_fail_for_their_reason(path, server):
    expected = re.findall(r"^# expect-fail: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert expected, f"{path.name} must say which check it fails with '# expect-fail: ...'"
    for seed in SEEDS:
        verdict = grade_file(path, server, task_id=path.parent.name, seed=seed)
        assert not verdict.passed, f"seed {seed}: a wrong solution passed"
        failed = [c.name for c in verdict.checks if not c.passed]
        for piece in expected:
            assert any(piece.strip() in name for name in failed), \
                f"seed {seed}: expected a failed check containing {piece!r}; failed: {failed}"


def test_the_reference_import_is_blocked(server, tmp_path):
    path = tmp_path / "cheat.py"
    path.write_text("from answers.attention import softmax\n", encoding="utf-8")
    verdict = grade_file(path, server, task_id="softmax", seed=0)
    assert not verdict.passed
    assert verdict.checks[0].name == "imports"
    assert "importing 'answers' is not allowed" in verdict.checks[0].message or \
        "importing 'answers.attention' is not allowed" in verdict.checks[0].message
