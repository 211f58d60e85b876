"""The disk fills up in the middle of a quiz (RLIMIT_FSIZE: no root, no special filesystem).

With the limit a write that would grow a file past it fails with EFBIG (Python
ignores SIGXFSZ, so the process is not killed), which SQLite reports as an I/O
error: what a full disk looks like to seqprep."""

from __future__ import annotations

import resource
import sqlite3
from pathlib import Path

import pexpect
from faultkit import ANSWER, ASK, QUESTION_ID, RATE, error_lines, populate, reviews, seen, spawn_quiz

LIMIT = 48 * 1024  # above the fresh database and its 32 KiB -shm; the WAL reaches it after a few ratings


def _limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_a_full_disk_keeps_every_rating_saved_before_it_and_says_which_was_not(fault_env):
    """The user answers question after question; at some rating the write fails. They see
    one line naming the file, the likely cause and the rating that was not saved; the
    quiz ends with exit 3. Every rating acknowledged before it is on disk, the database
    is intact, and once there is room again everything works."""
    home = Path(fault_env["SEQPREP_HOME"])
    db = home / "progress.db"
    populate(db, [("fq-01", 3)])
    assert db.stat().st_size < LIMIT
    child = spawn_quiz(fault_env, "--n", "8", preexec_fn=_limit_file_size)
    given = []
    while True:
        if child.expect([ASK, pexpect.EOF]) == 1:
            break
        qid = QUESTION_ID.findall(child.before)[-1]
        child.sendline(ANSWER)
        child.expect(RATE)
        child.sendline("3")
        given.append(qid)
    child.close()
    assert child.exitstatus == 3, "the disk filled up before the session ended"
    errors = [line for line in error_lines(child.before) if line.startswith("error:")]
    assert len(errors) == 1
    assert str(db) in errors[0] and "disk" in errors[0]
    assert errors[0].endswith(f"(the rating of {given[-1]} was not saved)")
    saved = [qid for qid, _, session in reviews(db) if session != "setup"]
    assert 1 <= len(saved) and saved == given[:-1], "every acknowledged rating is kept"

    check = sqlite3.connect(db)
    assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    check.close()
    assert seen(fault_env) == len(set(given[:-1]) | {"fq-01"})
