"""Another program holds the progress database locked (`BEGIN EXCLUSIVE` in a separate process)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
from faultkit import ANSWER, ASK, BUSY, QUESTION_ID, RATE, answer_one, digest, error_lines, populate, rate_some, reviews, run, seen, spawn_quiz

HOLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()          # hold the lock until the test closes our stdin
db.execute("ROLLBACK")
"""


class Locker:
    """A separate process holding an exclusive lock on the database until released."""

    def __init__(self, path: Path):
        self.process = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "locked"

    def release(self):
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0


@pytest.fixture
def locked(fault_env):
    home = Path(fault_env["SEQPREP_HOME"])
    given = populate(home / "progress.db", [("fq-01", 3), ("fq-02", 4)])
    locker = Locker(home / "progress.db")
    yield home, given, locker
    if locker.process.poll() is None:
        locker.release()


def test_a_quiz_under_a_lock_says_busy_in_one_line_and_keeps_the_file(locked, fault_env):
    """The user starts `seqprep quiz` while another program holds the lock: after the busy
    timeout (1 s here) one line, exit 3, no question asked, the file byte for byte the same.
    `stats` still works meanwhile (WAL readers are not blocked)."""
    home, given, locker = locked
    before = digest(home / "progress.db")
    started = time.monotonic()
    out = run(fault_env, "quiz")
    waited = time.monotonic() - started
    assert out.returncode == 3
    assert error_lines(out.stderr) == [f"error: {BUSY}"]
    assert "Your answer" not in out.stdout
    assert waited >= 1.0, "it retried for the busy timeout before giving up"
    assert seen(fault_env) == 2
    locker.release()
    assert digest(home / "progress.db") == before
    assert not list(home.glob("*.corrupt-*"))
    assert [(q, r) for q, r, _ in reviews(home / "progress.db")] == given


def test_reset_and_submit_under_a_lock_say_busy_before_doing_anything(locked, fault_env, tmp_path):
    """`reset` says busy before asking for confirmation, `submit` before grading."""
    home, given, locker = locked
    reset = run(fault_env, "reset")
    assert reset.returncode == 3 and error_lines(reset.stderr) == [f"error: {BUSY}"]
    assert "Forget" not in reset.stdout
    submission = tmp_path / "mine.py"
    submission.write_text("# seqprep-task: softmax\n")
    submit = run(fault_env, "submit", str(submission))
    assert submit.returncode == 3 and error_lines(submit.stderr) == [f"error: {BUSY}"]
    assert "passed" not in submit.stdout, "nothing was graded"
    locker.release()
    assert [(q, r) for q, r, _ in reviews(home / "progress.db")] == given


def test_a_lock_taken_mid_session_costs_only_the_rating_it_blocked(fault_env):
    """The lock arrives while the user is answering: the next rating waits for the busy
    timeout, then one line says the database is busy and that this rating was not saved.
    Every earlier rating is kept; once the lock is gone the quiz works again."""
    home = Path(fault_env["SEQPREP_HOME"])
    child = spawn_quiz(fault_env, "--n", "4")
    first = answer_one(child, "4")
    child.expect(ASK)
    qid = QUESTION_ID.findall(child.before)[-1]
    locker = Locker(home / "progress.db")
    child.sendline(ANSWER)
    child.expect(RATE)
    child.sendline("3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    lines = [line for line in error_lines(child.before) if line.startswith("error:")]
    assert lines == [f"error: {BUSY} (the rating of {qid} was not saved)"]
    locker.release()
    assert [(q, r) for q, r, _ in reviews(home / "progress.db")] == [(first, 4)]
    assert rate_some(fault_env, ["2"]) and len(reviews(home / "progress.db")) == 2
