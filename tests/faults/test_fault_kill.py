"""`kill -9` in the middle of a quiz, and two quizzes at once."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pexpect
from faultkit import ASK, answer_one, reviews, run, spawn_quiz


def test_kill_9_mid_session_keeps_every_rating_given_before_it(fault_env):
    """The user rates three questions, is half-way through typing the fourth answer, and
    the process is killed. Next time: the three ratings are there, nothing else, and
    the database opens without a word (no recovery, no warning)."""
    home = Path(fault_env["SEQPREP_HOME"])
    child = spawn_quiz(fault_env, "--n", "6")
    given = [(answer_one(child, rating), int(rating)) for rating in ("3", "4", "2")]
    child.expect(ASK)
    child.send("1577")  # typing, no Enter yet
    child.kill(signal.SIGKILL)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    assert [(qid, rating) for qid, rating, _ in reviews(home / "progress.db")] == given
    stats = run(fault_env, "stats", "--json")
    assert stats.returncode == 0 and stats.stderr == ""
    assert json.loads(stats.stdout)["total"]["seen"] == 3


def test_two_quiz_sessions_at_once_lose_nothing(fault_env):
    """Two terminals quiz on the same progress at the same time, their ratings interleaved
    one by one. Every rating of both is stored, each under its own session."""
    home = Path(fault_env["SEQPREP_HOME"])
    first, second = spawn_quiz(fault_env, "--n", "4"), spawn_quiz(fault_env, "--n", "4")
    given = {first: [], second: []}
    for rating in ("3", "4", "2", "3"):
        for child in (first, second):
            given[child].append((answer_one(child, rating), int(rating)))
    for child in (first, second):
        child.expect("Summary")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0

    stored = reviews(home / "progress.db")
    assert len(stored) == 8
    by_session: dict[str, list] = {}
    for qid, rating, session in stored:
        by_session.setdefault(session, []).append((qid, rating))
    assert sorted(by_session.values()) == sorted(given.values())
