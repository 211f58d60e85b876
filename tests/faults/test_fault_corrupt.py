"""Random bytes written into the progress database.

The damaged file is built here (reviews with a marker per row, then a page of
random bytes); the recovery is `seqprep stats` run as a real process. Which reviews
must survive is decided independently of seqprep: every review whose marker is on
a page the damage did not touch."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from faultkit import digest, error_lines, rate_some, reviews, run

PAGE = 4096
ROWS = 80

WRITE = """
import os, sys
from datetime import timedelta
from pathlib import Path
from seqprep.schedule import Schedule
from seqprep.store import Store, utcnow
closed, killed = int(sys.argv[2]), int(sys.argv[3])
schedule, at = Schedule(), utcnow() - timedelta(days=1)
for first, count in ((0, closed), (closed, killed)):
    store = Store(Path(sys.argv[1]))
    for i in range(first, first + count):
        qid = f"fq-{i % 8 + 1:02d}"
        card = schedule.review(schedule.state(qid, store.latest_cards().get(qid)), 3, at).to_dict()
        store.add_review(qid, 3, card, at=at, session=f"row-{i:04d}")
    if first == 0:
        store.close()  # checkpointed into the file
os._exit(0)  # like kill -9: the last `killed` reviews are only in the -wal
"""


def _build(db: Path, closed: int = ROWS, killed: int = 0) -> list[tuple]:
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", WRITE, str(db), str(closed), str(killed)], check=True, timeout=120)
    return [(f"fq-{i % 8 + 1:02d}", 3, f"row-{i:04d}") for i in range(closed + killed)]


def _pages(data: bytes) -> list[bytes]:
    return [data[i:i + PAGE] for i in range(0, len(data), PAGE)]


def _markers(page: bytes) -> set[str]:
    return {f"row-{i:04d}" for i in range(ROWS) if f"row-{i:04d}".encode() in page}


def _damage(db: Path, page_number: int, seed: int) -> None:
    with open(db, "r+b") as f:
        f.seek((page_number - 1) * PAGE)
        f.write(random.Random(seed).randbytes(PAGE))


def _index_page(db: Path) -> int:
    con = sqlite3.connect(db)
    (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'reviews_by_question'").fetchone()
    con.close()
    return root


def _recover(env) -> tuple[str, list[tuple]]:
    """Run `seqprep stats` on the damaged file; its one line and the reviews kept."""
    out = run(env, "stats", "--json")
    assert out.returncode == 0, out.stderr
    [line] = error_lines(out.stderr)
    return line, reviews(Path(env["SEQPREP_HOME"]) / "progress.db")


def _check_line(line: str, kept: int, home: Path, damaged_digest: str) -> None:
    assert line.startswith("seqprep: the progress database was damaged (")
    assert f"; kept {kept} reviews in a fresh database (the damaged file is kept as " in line
    [aside] = [p for p in home.glob("progress.db.corrupt-*") if not p.name.endswith("-wal")]
    assert str(aside) in line
    assert digest(aside) == damaged_digest, "the damaged original is kept byte for byte"


@pytest.mark.parametrize("where", ["index", "reviews leaf", "schema page"])
def test_random_bytes_over_a_page(fault_env, where):
    """The user runs `seqprep stats` on a file with one page of random bytes. They see one
    line: it was damaged, how many reviews were kept, where the damaged file is; then
    their stats. Every review not stored on the damaged page is kept, exactly; the
    schema page (page 1) or the index costs no review at all."""
    home = Path(fault_env["SEQPREP_HOME"])
    db = home / "progress.db"
    original = _build(db)
    assert reviews(db) == original
    pages = _pages(db.read_bytes())
    if where == "index":
        number = _index_page(db)
    elif where == "schema page":
        number = 1
    else:
        leaves = [n for n, page in enumerate(pages, 1) if page[0] == 0x0D and _markers(page)]
        number = leaves[len(leaves) // 2]
    lost = _markers(pages[number - 1]) if where == "reviews leaf" else set()
    assert where != "reviews leaf" or 0 < len(lost) < ROWS
    _damage(db, number, seed=number)
    damaged = digest(db)

    line, kept = _recover(fault_env)
    assert kept == [row for row in original if row[2] not in lost]
    _check_line(line, len(kept), home, damaged)
    if where != "schema page":
        return
    # the fresh database is healthy and opens without a word next time
    again = run(fault_env, "stats", "--json")
    assert again.returncode == 0 and again.stderr == ""
    assert json.loads(again.stdout)["total"]["seen"] == len({q for q, _, _ in kept})


def test_reviews_still_in_the_wal_survive_damage_to_the_file(fault_env):
    """seqprep was killed with its last 20 reviews only in progress.db-wal; then a page of
    the main file holding older reviews got random bytes. Every review but those on that
    page is kept, the 20 from the WAL included."""
    home = Path(fault_env["SEQPREP_HOME"])
    db = home / "progress.db"
    original = _build(db, closed=ROWS - 20, killed=20)
    assert db.with_name("progress.db-wal").stat().st_size > 0
    pages = _pages(db.read_bytes())
    leaves = [n for n, page in enumerate(pages, 1) if page[0] == 0x0D and _markers(page)]
    lost = _markers(pages[leaves[0] - 1])
    assert lost and not lost & {s for _, _, s in original[-20:]}
    _damage(db, leaves[0], seed=11)
    damaged = digest(db)
    line, kept = _recover(fault_env)
    assert kept == [row for row in original if row[2] not in lost]
    _check_line(line, len(kept), home, damaged)


def test_a_file_of_random_bytes_starts_afresh_and_keeps_it(fault_env):
    """Nothing readable: one line says 0 reviews were kept and where the file went; the
    quiz then records ratings as usual."""
    home = Path(fault_env["SEQPREP_HOME"])
    db = home / "progress.db"
    home.mkdir(parents=True)
    db.write_bytes(random.Random(3).randbytes(5 * PAGE))
    damaged = digest(db)
    line, kept = _recover(fault_env)
    assert kept == []
    _check_line(line, 0, home, damaged)
    given = rate_some(fault_env, ["4"])
    assert [(q, r) for q, r, _ in reviews(db)] == given
