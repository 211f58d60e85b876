"""Progress in SQLite: an append-only review log, submissions, and resets.

* Every rating is one INSERT committed at once, so a crash or Ctrl-C loses
  nothing already rated; two sessions at once both keep their ratings (WAL
  mode, busy timeout).
* Nothing is ever updated or deleted. Undo and reset are rows too: the state
  of a card is the FSRS card stored with its latest review that is neither
  undone nor older than a reset of that question.
* `PRAGMA user_version` is the schema version; `MIGRATIONS[i]` upgrades from
  version i to i + 1.
* A file that is not a healthy database is moved aside to
  `<name>.corrupt-<UTC timestamp>` with a message, never silently wiped.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

MIGRATIONS = [
    """
    CREATE TABLE reviews (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id TEXT    NOT NULL,
        rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at TEXT    NOT NULL,              -- ISO 8601, UTC
        card        TEXT    NOT NULL,              -- the FSRS card after this review, JSON
        source      TEXT    NOT NULL DEFAULT 'quiz', -- 'quiz' or 'submit'
        session     TEXT,
        correct     INTEGER                        -- 1/0 when auto-graded, else NULL
    );
    CREATE INDEX reviews_by_question ON reviews (question_id, id);
    CREATE TABLE undos (
        review_id INTEGER PRIMARY KEY REFERENCES reviews (id),
        undone_at TEXT NOT NULL
    );
    CREATE TABLE resets (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id TEXT    NOT NULL,
        upto_review INTEGER NOT NULL,              -- reviews with id <= this no longer count
        reset_at    TEXT    NOT NULL
    );
    """,
    """
    CREATE TABLE submissions (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        task         TEXT    NOT NULL,
        file         TEXT    NOT NULL,
        passed       INTEGER NOT NULL,
        checks       TEXT    NOT NULL,             -- JSON list of {name, passed, message}
        elapsed_s    REAL    NOT NULL,
        submitted_at TEXT    NOT NULL
    );
    """,
    """
    CREATE TABLE applied_submissions (
        submission_id INTEGER PRIMARY KEY REFERENCES submissions (id),
        applied_at    TEXT    NOT NULL           -- when its verdict became reviews of linked questions
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def data_home() -> Path:
    """SEQPREP_HOME, else the platform's user data folder for seqprep."""
    home = os.environ.get("SEQPREP_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_dir

    return Path(user_data_dir("seqprep", appauthor=False))


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Review:
    id: int
    question_id: str
    rating: int
    reviewed_at: datetime
    card: dict
    source: str
    session: Optional[str]
    correct: Optional[bool]


class CorruptDatabase(Exception):
    pass


class NewerSchema(Exception):
    """The database was written by a newer seqprep; it is left untouched."""


class Store:
    def __init__(self, path: Optional[Path] = None, warn=None):
        self.path = Path(path) if path else data_home() / "progress.db"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._warn = warn or (lambda message: print(message, file=sys.stderr))
        try:
            self.db = self._connect()
        except CorruptDatabase as exc:
            moved = self._move_aside()
            self._warn(f"seqprep: the progress database {self.path} is unreadable ({exc}); "
                       f"it was moved to {moved} and a new one was started.")
            self.db = self._connect()

    # --- opening -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            status = db.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise CorruptDatabase(status)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            self._migrate(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise CorruptDatabase(str(exc)) from None
        except (CorruptDatabase, NewerSchema):
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerSchema(f"{self.path} has schema version {version}, newer than this "
                              f"seqprep understands ({SCHEMA_VERSION}); upgrade seqprep")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            db.execute("BEGIN IMMEDIATE")
            try:
                current = db.execute("PRAGMA user_version").fetchone()[0]
                if current < target:  # another process may have migrated meanwhile
                    for statement in MIGRATIONS[target - 1].split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {target}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _move_aside(self) -> Path:
        stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        self.path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        return target

    def close(self) -> None:
        self.db.close()

    # --- writing (each call is its own committed transaction) -----------------

    def add_review(self, question_id: str, rating: int, card: dict, *, at: datetime,
                   source: str = "quiz", session: Optional[str] = None,
                   correct: Optional[bool] = None) -> int:
        cursor = self.db.execute(
            "INSERT INTO reviews (question_id, rating, reviewed_at, card, source, session, correct)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (question_id, rating, at.isoformat(), json.dumps(card), source, session,
             None if correct is None else int(correct)))
        return cursor.lastrowid

    def undo(self, review_id: int, at: Optional[datetime] = None) -> None:
        self.db.execute("INSERT OR IGNORE INTO undos (review_id, undone_at) VALUES (?, ?)",
                        (review_id, (at or utcnow()).isoformat()))

    def reset(self, question_ids: Iterable[str]) -> int:
        """Forget the progress of these questions; returns how many had any."""
        now = utcnow().isoformat()
        count = 0
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for qid in question_ids:
                last = self.db.execute("SELECT MAX(id) FROM reviews WHERE question_id = ?",
                                       (qid,)).fetchone()[0]
                if last is not None:
                    self.db.execute("INSERT INTO resets (question_id, upto_review, reset_at)"
                                    " VALUES (?, ?, ?)", (qid, last, now))
                    count += 1
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return count

    def add_submission(self, task: str, file: str, passed: bool, checks: list[dict],
                       elapsed_s: float, at: Optional[datetime] = None) -> int:
        cursor = self.db.execute(
            "INSERT INTO submissions (task, file, passed, checks, elapsed_s, submitted_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (task, file, int(passed), json.dumps(checks, ensure_ascii=False), elapsed_s,
             (at or utcnow()).isoformat()))
        return cursor.lastrowid

    # --- reading ---------------------------------------------------------------

    _LIVE = """
        FROM reviews r
        WHERE r.id NOT IN (SELECT review_id FROM undos)
          AND r.id > COALESCE((SELECT MAX(upto_review) FROM resets s
                               WHERE s.question_id = r.question_id), 0)
    """

    def live_reviews(self, question_id: Optional[str] = None) -> list[Review]:
        """Reviews that still count, oldest first."""
        sql = "SELECT r.* " + self._LIVE
        args: tuple = ()
        if question_id is not None:
            sql += " AND r.question_id = ?"
            args = (question_id,)
        return [self._row(row) for row in self.db.execute(sql + " ORDER BY r.id", args)]

    def latest_cards(self) -> dict[str, dict]:
        """question id -> FSRS card (as a dict) after its latest live review."""
        sql = ("SELECT r.question_id, r.card " + self._LIVE +
               " AND r.id = (SELECT MAX(r2.id) FROM reviews r2 WHERE r2.question_id = r.question_id"
               "             AND r2.id NOT IN (SELECT review_id FROM undos))")
        return {qid: json.loads(card) for qid, card in self.db.execute(sql)}

    def apply_submissions(self, reviews_for) -> int:
        """Turn each submission not applied yet into reviews, exactly once.

        `reviews_for(submission, cards)` returns (question_id, rating, card, at, correct)
        tuples; it runs inside one write transaction, so two sessions starting at
        once cannot apply the same submission twice. Returns how many were applied.
        """
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cursor = self.db.execute(
                "SELECT * FROM submissions WHERE id NOT IN (SELECT submission_id FROM applied_submissions)"
                " ORDER BY id")
            names = [c[0] for c in cursor.description]
            pending = [dict(zip(names, row)) for row in cursor.fetchall()]
            for submission in pending:
                for qid, rating, card, at, correct in reviews_for(submission, self.latest_cards()):
                    self.db.execute(
                        "INSERT INTO reviews (question_id, rating, reviewed_at, card, source, correct)"
                        " VALUES (?, ?, ?, ?, 'submit', ?)",
                        (qid, rating, at.isoformat(), json.dumps(card), int(correct)))
                self.db.execute("INSERT INTO applied_submissions (submission_id, applied_at) VALUES (?, ?)",
                                (submission["id"], utcnow().isoformat()))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return len(pending)

    def submissions(self, task: Optional[str] = None) -> list[dict]:
        sql, args = "SELECT * FROM submissions", ()
        if task:
            sql, args = sql + " WHERE task = ?", (task,)
        cursor = self.db.execute(sql + " ORDER BY id", args)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    @staticmethod
    def _row(row) -> Review:
        rid, qid, rating, at, card, source, session, correct = row
        return Review(rid, qid, rating, datetime.fromisoformat(at), json.loads(card), source,
                      session, None if correct is None else bool(correct))
