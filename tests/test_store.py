"""The progress store: append-only, committed per rating, safe with two writers, never wipes;
busy, unwritable and damaged files in-process (tests/faults/ runs the real CLI)."""

from __future__ import annotations

import json
import multiprocessing
import random
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from seqprep.recovery import COLUMNS, rows_by_pages, salvage
from seqprep.store import (BUSY, MIGRATIONS, SCHEMA_VERSION, NewerSchema, Store, StoreBusy, StoreError,
                           StoreUnwritable)

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


def test_a_file_that_is_not_a_database_is_kept_aside_and_replaced(tmp_path):
    path = tmp_path / "p.db"
    path.write_bytes(b"this is not a database" * 100)
    messages = []
    store = Store(path, warn=messages.append)
    assert store.latest_cards() == {}
    moved = list(tmp_path.glob("p.db.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == b"this is not a database" * 100
    assert messages == [f"seqprep: the progress database was damaged (file is not a database); kept 0 "
                        f"reviews in a fresh database (the damaged file is kept as {moved[0]})"]
    store.add_review("a", 3, {}, at=T0)
    assert Store(path).review_count() == 1


def test_a_lock_held_elsewhere_is_busy_not_corrupt(tmp_path):
    path = tmp_path / "p.db"
    first = Store(path)
    first.add_review("a", 3, {}, at=T0)
    first.close()
    before = path.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusy) as info:
            Store(path, busy_timeout=0.2)
        assert str(info.value) == BUSY
        reader = Store(path, write=False, busy_timeout=0.2)  # WAL readers are not blocked
        assert reader.review_count() == 1 and reader.read_only is None
        with pytest.raises(StoreBusy, match=r"\(the rating of b was not saved\)$"):
            reader.add_review("b", 3, {}, at=T0)
        reader.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


def test_unwritable_storage_reads_a_snapshot_and_refuses_every_write(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(StoreUnwritable, match="it is a file, not a folder"):
        Store(not_a_folder / "progress.db")
    messages = []
    store = Store(not_a_folder / "progress.db", write=False, warn=messages.append)
    assert store.read_only and store.latest_cards() == {} and len(messages) == 1
    for write in (lambda: store.add_review("a", 3, {}, at=T0), lambda: store.undo(1),
                  lambda: store.reset(["a"]), lambda: store.add_submission("t", "f", True, [], 0.1)):
        with pytest.raises(StoreUnwritable, match="it is a file, not a folder .*not"):
            write()
    assert not_a_folder.read_text() == "x"


# --- recovery of damaged files --------------------------------------------------

PAGE = 4096
BIG = 40  # rows whose card needs overflow pages


def _template(folder) -> tuple[bytes, dict]:
    """A database of 240 reviews (a unique marker in each row), undos, resets and
    submissions; returns its bytes and every row as plain sqlite3 reads it."""
    path = folder / "template.db"
    store = Store(path)
    for i in range(240):
        card = {"marker": f"m{i:05d}", "pad": "x" * (9000 if i == BIG else 150)}
        store.add_review(f"q-{i % 17}", 1 + i % 4, card, at=T0 + timedelta(minutes=i),
                         session=f"s{i % 3}", correct=(None, True, False)[i % 3])
    store.undo(5)
    store.reset(["q-3"])
    store.add_submission("sdpa", "x.py", True, [{"name": "c", "passed": True, "message": ""}], 0.5)
    store.close()
    db = sqlite3.connect(path)
    rows = {table: db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in COLUMNS}
    db.close()
    return path.read_bytes(), rows


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return _template(tmp_path_factory.mktemp("template"))


def test_the_page_reader_finds_what_sqlite_finds_in_a_healthy_file(template, tmp_path):
    data, rows = template
    path = tmp_path / "healthy.db"
    path.write_bytes(data)
    found = rows_by_pages(path)
    assert sorted(found["reviews"]) == rows["reviews"]  # overflow pages included (row BIG)
    assert sorted(found["resets"]) == rows["resets"] and sorted(found["submissions"]) == rows["submissions"]
    assert {table: sorted(found.values()) for table, found in salvage(path).items()} == rows


def _pages_of(data: bytes) -> list[bytes]:
    return [data[i:i + PAGE] for i in range(0, len(data), PAGE)]


def _reviews_on(page: bytes, rows) -> set[int]:
    return {r[0] for r in rows if json.loads(r[4])["marker"].encode() in page}


@pytest.mark.parametrize("seed", range(120))
def test_random_pages_of_random_bytes_lose_only_the_rows_on_them(template, tmp_path, seed):
    """1-3 whole pages overwritten: every review stored on an untouched page is kept
    exactly, and no review is invented or altered."""
    data, rows = template
    rng = random.Random(seed)
    pages = _pages_of(data)
    hit = set(rng.sample(range(len(pages)), rng.randint(1, 3)))
    damaged = b"".join(rng.randbytes(PAGE) if i in hit else page for i, page in enumerate(pages))
    path = tmp_path / "p.db"
    path.write_bytes(damaged)
    messages = []
    store = Store(path, warn=messages.append)
    kept = {r[0]: r for r in store.db.execute("SELECT * FROM reviews")}
    original = {r[0]: r for r in rows["reviews"]}
    on_hit_pages = set().union(*(_reviews_on(pages[i], rows["reviews"]) for i in hit))
    assert set(original) - on_hit_pages - {BIG + 1} <= set(kept), "a review on an untouched page was lost"
    assert all(original.get(rid) == row for rid, row in kept.items()), "a review was invented or altered"
    if messages:  # SQLite may not notice damage to a page nobody reads (a free page)
        assert f"kept {len(kept)} reviews" in messages[0]
        [aside] = [p for p in tmp_path.glob("p.db.corrupt-*")]
        assert aside.read_bytes() == damaged


@pytest.mark.parametrize("seed", range(120))
def test_random_bytes_anywhere_never_stop_the_store(template, tmp_path, seed):
    """Runs of random bytes at random offsets (not whole pages): the store always opens and
    reads (damage inside a record, which quick_check does not see, is recovered when a
    read meets it), keeps the reviews of every page left alone, and records a new rating."""
    data, rows = template
    rng = random.Random(seed)
    damaged = bytearray(data)
    touched = set()
    for _ in range(rng.randint(1, 4)):
        start = rng.randrange(len(data))
        length = rng.choice([1, 2, 8, rng.randint(1, 600)])
        damaged[start:start + length] = rng.randbytes(len(damaged[start:start + length]))
        end = min(start + length, len(data))
        touched |= set(range(start // PAGE, (end - 1) // PAGE + 1))
    path = tmp_path / "p.db"
    path.write_bytes(bytes(damaged))
    store = Store(path, warn=lambda message: None)
    store.latest_cards(), store.live_reviews(), store.submissions()  # damage inside records heals here
    pages = _pages_of(data)
    must_keep = _live_ids(rows) - {BIG + 1}
    must_keep -= set().union(*(_reviews_on(pages[i], rows["reviews"]) for i in touched))
    assert must_keep <= {r.id for r in store.live_reviews()}
    new = store.add_review("new", 3, {}, at=T0)
    assert new in {r.id for r in Store(path).live_reviews()}


def _live_ids(rows) -> set[int]:
    """Review ids neither undone nor reset in the template, by hand from its rows."""
    undone = {r[0] for r in rows["undos"]}
    reset = {(qid, upto) for _, qid, upto, _ in rows["resets"]}
    return {r[0] for r in rows["reviews"]
            if r[0] not in undone and not any(r[1] == qid and r[0] <= upto for qid, upto in reset)}


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
    with pytest.raises(NewerSchema) as info:
        Store(path)
    assert isinstance(info.value, StoreError), "the CLI reports it in one line"
    assert not list(tmp_path.glob("*.corrupt-*"))
