"""Read-only storage: a read-only folder, a read-only file, SEQPREP_HOME naming a file.

Read-only here means read-only for root too: see `faultkit.read_only` (a read-only
bind mount under bubblewrap; `chmod` for a non-root user without bwrap)."""

from __future__ import annotations

import json
from pathlib import Path

from faultkit import digest, error_lines, populate, read_only, reviews, run

RATED = [("fq-01", 3), ("fq-02", 4), ("fq-03", 1)]


def _refuses(out, target) -> None:
    """Exit 3 and one line that says what cannot be written, where, and what to do."""
    assert out.returncode == 3, (out.stdout, out.stderr)
    [line] = error_lines(out.stderr)
    assert line.startswith("error: cannot save progress") and str(target) in line, line
    assert "not writable" in line and "SEQPREP_HOME" in line


def _stats(env, prefix) -> tuple[int, list[str]]:
    out = run(env, "stats", "--json", prefix=prefix)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["total"]["seen"], error_lines(out.stderr)


def test_a_read_only_folder_is_found_at_start_up(fault_env, tmp_path):
    """The progress folder cannot be written. `stats`, `list` and `quiz --practice` work
    and show the stored progress (stats adds one line saying nothing will be saved);
    `quiz`, `reset` and `submit` stop before the first question, confirmation or
    grading with one line that says what cannot be written and where. The file is
    left exactly as it was."""
    home = Path(fault_env["SEQPREP_HOME"])
    db = home / "progress.db"
    populate(db, RATED)
    before = digest(db)
    submission = tmp_path / "mine.py"
    submission.write_text("# seqprep-task: softmax\n")
    with read_only(home) as prefix:
        seen, [note] = _stats(fault_env, prefix)
        assert seen == 3 and str(home) in note and "nothing will be saved" in note
        assert run(fault_env, "list", prefix=prefix).returncode == 0
        practice = run(fault_env, "quiz", "--practice", prefix=prefix)
        assert practice.returncode == 0 and "Your answer" in practice.stdout

        quiz = run(fault_env, "quiz", prefix=prefix)
        _refuses(quiz, home)
        assert "Your answer" not in quiz.stdout
        reset = run(fault_env, "reset", prefix=prefix)
        _refuses(reset, home)
        assert "Forget" not in reset.stdout
        submit = run(fault_env, "submit", str(submission), prefix=prefix)
        _refuses(submit, home)
        assert "passed" not in submit.stdout
    assert digest(db) == before
    assert [(q, r) for q, r, _ in reviews(db)] == RATED


def test_a_read_only_database_file(fault_env):
    """Only the file is read-only (its folder is writable): the same, naming the file."""
    home = Path(fault_env["SEQPREP_HOME"])
    db = home / "progress.db"
    populate(db, RATED)
    before = digest(db)
    with read_only(db) as prefix:
        seen, [note] = _stats(fault_env, prefix)
        assert seen == 3 and str(db) in note
        quiz = run(fault_env, "quiz", prefix=prefix)
        _refuses(quiz, db)
        assert "Your answer" not in quiz.stdout
    assert digest(db) == before
    assert [(q, r) for q, r, _ in reviews(db)] == RATED


def test_seqprep_home_naming_a_file(fault_env, tmp_path):
    """SEQPREP_HOME points at a file. `stats` shows no progress and says why in one line;
    `quiz` says in one line that SEQPREP_HOME must name a folder. The file is untouched."""
    home = tmp_path / "not-a-folder"
    home.write_text("my notes\n")
    fault_env["SEQPREP_HOME"] = str(home)
    seen, [note] = _stats(fault_env, ())
    assert seen == 0 and f"{home}: it is a file, not a folder" in note
    quiz = run(fault_env, "quiz")
    assert quiz.returncode == 3
    assert error_lines(quiz.stderr) == [f"error: cannot keep progress in {home}: it is a file, not a folder "
                                        "(SEQPREP_HOME must name a folder)"]
    assert home.read_text() == "my notes\n"


def test_a_read_only_empty_folder(fault_env, tmp_path):
    """A fresh SEQPREP_HOME that exists but cannot be written: stats shows nothing yet,
    quiz refuses in one line, and nothing is created there."""
    home = Path(fault_env["SEQPREP_HOME"])
    home.mkdir()
    with read_only(home) as prefix:
        assert _stats(fault_env, prefix)[0] == 0
        quiz = run(fault_env, "quiz", prefix=prefix)
        assert quiz.returncode == 3
        assert error_lines(quiz.stderr) == [f"error: cannot save progress: the folder {home} is not writable "
                                            f"({'Read-only file system' if prefix else 'Permission denied'}); "
                                            "set SEQPREP_HOME to a writable folder"]
    assert list(home.iterdir()) == []
