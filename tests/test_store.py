"""The progress store: append-only, committed per rating, safe with two writers, never wipes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from seqprep.store import MIGRATIONS, SCHEMA_VERSION, NewerSchema, Store

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_reviews_are_committed_and_latest_card_wins(tmp_path):
    path = tmp_path / "p.db"
    store = Store(path)
    store.add_review("a", 3, {"step": 1}, at=T0)
    store.add_review("a", 1, {"step": 2}, at=T0 + timedelta(minutes=1), correct=False)
    store.add_review("b", 4, {"step": 9}, at=T0)
    # a second connection sees everything without any explicit commit or close
    other = Store(path)
    assert other.latest_cards() == {"a": {"step": 2}, "b": {"step": 9}}
    reviews = other.live_reviews("a")
    assert [r.rating for r in reviews] == [3, 1] and reviews[1].correct is False
    assert other.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_undo_and_reset_append_rows_instead_of_deleting(tmp_path):
    store = Store(tmp_path / "p.db")
    first = store.add_review("a", 3, {"v": 1}, at=T0)
    second = store.add_review("a", 1, {"v": 2}, at=T0)
    store.undo(second)
    assert store.latest_cards() == {"a": {"v": 1}}
    assert store.reset(["a", "never-seen"]) == 1
    assert store.latest_cards() == {}
    store.add_review("a", 4, {"v": 3}, at=T0)
    assert store.latest_cards() == {"a": {"v": 3}}
    total = store.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    assert total == 3 and first == 1, "nothing was deleted"


def _writer(path, name, count):
    store = Store(path)
    for i in range(count):
        store.add_review(f"{name}-{i % 5}", 3, {"i": i}, at=T0)


def test_two_sessions_at_once_lose_no_rating(tmp_path):
    path = tmp_path / "p.db"
    Store(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, name, 150)) for name in ("x", "y")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    counts = Store(path).db.execute(
        "SELECT substr(question_id, 1, 1), COUNT(*) FROM reviews GROUP BY 1").fetchall()
    assert dict(counts) == {"x": 150, "y": 150}


def test_corrupt_database_is_moved_aside_with_a_message(tmp_path):
    path = tmp_path / "p.db"
    path.write_bytes(b"this is not a database" * 100)
    messages = []
    store = Store(path, warn=messages.append)
    assert store.latest_cards() == {}
    moved = list(tmp_path.glob("p.db.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not a database")
    assert len(messages) == 1 and "moved to" in messages[0] and str(moved[0]) in messages[0]


def test_migrates_an_old_database_keeping_its_reviews(tmp_path):
    path = tmp_path / "p.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO reviews (question_id, rating, reviewed_at, card) VALUES ('a', 3, ?, '{}')",
               (T0.isoformat(),))
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert store.latest_cards() == {"a": {}}
    store.add_submission("sdpa", "x.py", True, [{"name": "c", "passed": True, "message": ""}], 0.5)
    assert store.submissions("sdpa")[0]["passed"] == 1


def test_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "p.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(NewerSchema):
        Store(path)
    assert not list(tmp_path.glob("*.corrupt-*"))
