"""Progress in SQLite: an append-only review log, submissions, and resets.

* Every rating is one INSERT committed at once, so a crash or `kill -9` loses
  nothing already rated; two sessions at once both keep their ratings (WAL
  mode, busy timeout).
* Nothing is ever updated or deleted. Undo and reset are rows too: the state
  of a card is the FSRS card stored with its latest review that is neither
  undone nor older than a reset of that question.
* `PRAGMA user_version` is the schema version; `MIGRATIONS[i]` upgrades from
  version i to i + 1.

What can go wrong is said in one line (a `StoreError`), and nothing is lost:

* another program holds a lock: SQLite retries for `busy_timeout` seconds
  (`SEQPREP_BUSY_TIMEOUT`, default 5), then `StoreBusy`; the file is untouched.
* the folder or the file cannot be written: found when the store opens (a
  rolled-back write probes it), before any question is asked. `Store(write=True)`
  raises `StoreUnwritable`; `Store(write=False)` (stats, practice) reads a
  snapshot in memory instead and says once that nothing will be saved.
* a file SQLite reports as malformed (and only that) is renamed, byte for byte
  untouched, to `<name>.corrupt-<UTC time>`; every readable row is copied into
  a fresh database (`recovery.salvage`) and one line says how many reviews were kept.

    >>> store = Store(":memory:")
    >>> rid = store.add_review("q", 3, {}, at=utcnow())
    >>> [r.rating for r in store.live_reviews("q")]
    [3]
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from contextlib import contextmanager
from functools import lru_cache
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

BUSY = "the progress database is in use by another program; try again"
BUSY_TIMEOUT_S = 5.0


def data_home() -> Path:
    """SEQPREP_HOME, else the platform's user data folder for seqprep."""
    home = os.environ.get("SEQPREP_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_dir

    return Path(user_data_dir("seqprep", appauthor=False))


def default_busy_timeout() -> float:
    """Seconds to wait for another program's lock: SEQPREP_BUSY_TIMEOUT, else 5."""
    try:
        return max(0.0, float(os.environ.get("SEQPREP_BUSY_TIMEOUT", BUSY_TIMEOUT_S)))
    except ValueError:
        return BUSY_TIMEOUT_S


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


class StoreError(Exception):
    """A problem with the progress database, in one line the user can act on."""


class StoreBusy(StoreError):
    """Another program held a lock for longer than the busy timeout."""


class StoreUnwritable(StoreError):
    """The folder or the file cannot be written (read-only, no permission, disk full)."""


class StoreDamaged(StoreError):
    """SQLite found damage while the store was in use; the next start recovers it."""


class NewerSchema(StoreError):
    """The database was written by a newer seqprep; it is left untouched."""


class CorruptDatabase(Exception):
    """SQLite itself says the file is malformed (internal: it triggers recovery)."""


def error_kind(exc: sqlite3.Error) -> str:
    """'busy', 'corrupt', 'storage' or 'other', from SQLite's error code (its message on 3.10)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return "busy"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_TOOBIG")) \
            or any(w in text for w in ("malformed", "not a database", "too big", "could not decode",
                                       "no such table", "no such column", "unsupported file format")):
        return "corrupt"
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR", "SQLITE_FULL")) \
            or any(w in text for w in ("readonly", "unable to open", "disk i/o", "disk is full")):
        return "storage"
    return "other"


def _quick_check(db: sqlite3.Connection) -> list[tuple]:
    """PRAGMA quick_check; its report may quote damaged bytes, so it is decoded leniently."""
    db.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        return db.execute("PRAGMA quick_check").fetchall()
    except UnicodeDecodeError:  # SQLite's own error message quoted damaged bytes
        return [("an error report with damaged bytes",)]
    finally:
        db.text_factory = str


def _shape(db: sqlite3.Connection) -> dict[str, list]:
    """Each table's and index's columns (name, type, primary key): what the schema means,
    whatever its text's spacing."""
    names = db.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
    return {name: db.execute(f"PRAGMA {'table_info' if kind == 'table' else 'index_info'}('{name}')")
            .fetchall() for kind, name in names}


@lru_cache(maxsize=None)
def _expected_shape(version: int) -> dict[str, list]:
    db = sqlite3.connect(":memory:")
    for migration in MIGRATIONS[:version]:
        db.executescript(migration)
    return _shape(db)


def _schema_problem(db: sqlite3.Connection) -> Optional[str]:
    """quick_check reads the schema's text but not whether it still says what seqprep
    wrote: two damaged bytes can turn `INTEGER PRIMARY KEY` into a plain column and hide
    every review. None when the schema is the one of its version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return None  # a newer seqprep's: NewerSchema says so later
    expected, found = _expected_shape(version), _shape(db)
    for name, columns in expected.items():
        if found.get(name) != columns:
            return f"the schema of {name} is not the one seqprep wrote"
    return None


def _first_problem(rows: list[tuple]) -> str:
    """quick_check's report in one line: `Page 4: btreeInitPage() returns error code 11`."""
    lines = [line for row in rows for line in str(row[0]).splitlines()
             if line.strip() and not line.startswith("*** in database")]
    more = f" and {len(lines) - 1} more" if len(lines) > 1 else ""
    return (lines[0] if lines else "quick_check failed") + more


class Store:
    """The progress database at `path` (default `data_home()/progress.db`).

    `write=False` is for commands that only read (stats, practice): on storage
    that cannot be written they get a read-only snapshot (`read_only` is then
    True and every write method raises `StoreUnwritable`).
    """

    def __init__(self, path: Optional[Path] = None, warn=None, *, write: bool = True,
                 busy_timeout: Optional[float] = None):
        self.path = Path(path) if path else data_home() / "progress.db"
        self._warn = warn or (lambda message: print(message, file=sys.stderr))
        self.timeout = default_busy_timeout() if busy_timeout is None else busy_timeout
        self.read_only: Optional[str] = None  # why, when the store is a read-only snapshot
        self._write = write
        self._lock_fd: Optional[int] = None
        if str(path) == ":memory:":
            self.db = sqlite3.connect(":memory:", isolation_level=None)
            self._migrate(self.db)
            return
        try:
            self.db = self._open(write)
        except StoreUnwritable as exc:
            if write:
                raise
            self.db = self._snapshot()
            self.read_only = str(exc)
            self._warn(f"seqprep: {exc}; showing progress read-only, nothing will be saved")

    # --- opening -------------------------------------------------------------

    def _open(self, write: bool) -> sqlite3.Connection:
        self._prepare_folder()
        self._lock_fd = self._share_lock()
        if self.path.exists():
            try:
                self._check_health()
            except CorruptDatabase as exc:
                self._recover_alone(str(exc))
        try:
            return self._connect(write)
        except StoreDamaged as exc:  # damage only a read-write connection meets
            self._recover_alone(str(exc))
        return self._connect(write)

    def _prepare_folder(self) -> None:
        folder = self.path.parent
        if folder.exists() and not folder.is_dir():
            raise StoreUnwritable(f"cannot keep progress in {folder}: it is a file, not a folder "
                                  "(SEQPREP_HOME must name a folder)")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnwritable(f"cannot create the progress folder {folder} ({exc.strerror}); "
                                  "set SEQPREP_HOME to a writable folder") from None

    def _share_lock(self) -> Optional[int]:
        """A shared `flock` on `<name>.lock`, held while this Store is open (the kernel drops
        it when the process dies, even by kill -9). Recovery needs it exclusively, so a
        damaged file is never swapped under another running seqprep. None where there is
        no flock (Windows) or no lock file can be opened (a read-only folder)."""
        try:
            import fcntl
        except ImportError:
            return None
        lock = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            try:
                fd = os.open(lock, os.O_RDONLY)
            except OSError:
                return None
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return fd
            except OSError:  # another seqprep is recovering the file right now
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise StoreBusy(BUSY) from None
                time.sleep(0.02)

    def _recover_alone(self, reason: str) -> None:
        """Recover in place, but only when no other seqprep has the file open."""
        if self._lock_fd is None:
            self._recover_in_place(reason)
            return
        import fcntl

        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fcntl.flock(self._lock_fd, fcntl.LOCK_SH)
            raise StoreDamaged(f"the progress database {self.path} is damaged ({reason}); close the "
                               "other seqprep sessions and run seqprep again to recover it") from None
        try:
            self._recover_in_place(reason)
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_SH)

    def _check_health(self) -> None:
        """PRAGMA quick_check over a read-only connection (which never checkpoints
        the WAL into the file, so a damaged file stays as it was)."""
        try:
            db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True,
                                 timeout=self.timeout, isolation_level=None)
            try:
                rows = _quick_check(db)
                schema = _schema_problem(db) if rows == [("ok",)] else None
            finally:
                db.close()
        except sqlite3.Error as exc:
            self._raise(exc, corrupt=CorruptDatabase)
        if rows != [("ok",)]:
            raise CorruptDatabase(_first_problem(rows))
        if schema:
            raise CorruptDatabase(schema)

    def _connect(self, write: bool) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            self._raise(exc)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            self._migrate(db)
            self._probe_write(db, write)
        except sqlite3.Error as exc:
            db.close()
            self._raise(exc)
        except UnicodeDecodeError:  # SQLite's message quoted damaged bytes
            db.close()
            raise StoreDamaged(f"the progress database {self.path} is damaged") from None
        except StoreError:
            db.close()
            raise
        return db

    def _probe_write(self, db: sqlite3.Connection, write: bool) -> None:
        """A write rolled back at once: a read-only file or folder shows up now, not at the
        first rating. A lock held elsewhere only matters to commands that write."""
        version = db.execute("PRAGMA user_version").fetchone()[0]
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute(f"PRAGMA user_version = {version}")
        except sqlite3.Error as exc:
            if write or error_kind(exc) != "busy":
                raise
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerSchema(f"{self.path} has schema version {version}, newer than this "
                              f"seqprep understands ({SCHEMA_VERSION}); upgrade seqprep")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction(db):
                current = db.execute("PRAGMA user_version").fetchone()[0]
                if current < target:  # another process may have migrated meanwhile
                    for statement in MIGRATIONS[target - 1].split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {target}")

    @staticmethod
    @contextmanager
    def _transaction(db: sqlite3.Connection):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
            db.execute("COMMIT")
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")

    # --- when SQLite says no ----------------------------------------------------

    def _raise(self, exc: sqlite3.Error, unsaved: str = "", corrupt=None) -> "NoReturn":  # noqa: F821
        """Re-raise an SQLite error as the StoreError the user should see."""
        kind = error_kind(exc)
        note = f" ({unsaved})" if unsaved else ""
        if kind == "busy":
            raise StoreBusy(BUSY + note) from None
        if kind == "corrupt":
            if corrupt is not None:
                raise corrupt(str(exc)) from None
            raise StoreDamaged(f"the progress database {self.path} is damaged ({exc}){note}; "
                               "run seqprep again to recover what is readable") from None
        if kind == "storage":
            raise StoreUnwritable(self._why_unwritable(exc) + note) from None
        raise exc

    def _why_unwritable(self, exc: sqlite3.Error) -> str:
        """Which of folder, file or disk refuses, found by trying."""
        folder = self.path.parent
        hint = "; set SEQPREP_HOME to a writable folder"
        try:
            fd, probe = tempfile.mkstemp(prefix=".seqprep-probe-", dir=folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as err:
            return f"cannot save progress: the folder {folder} is not writable ({err.strerror}){hint}"
        if self.path.exists():
            try:
                with open(self.path, "r+b"):
                    pass
            except OSError as err:
                return f"cannot save progress: {self.path} is not writable ({err.strerror}){hint}"
        if error_kind(exc) == "storage" and any(w in str(exc).lower() for w in ("i/o", "full")):
            return f"cannot save progress to {self.path}: {exc}; is the disk full?"
        return f"cannot save progress to {self.path}: {exc}{hint}"

    @contextmanager
    def _guard(self, unsaved: str = ""):
        if self.read_only is not None and unsaved:
            raise StoreUnwritable(f"{self.read_only} ({unsaved})")
        try:
            yield
        except sqlite3.Error as exc:
            self._raise(exc, unsaved)

    def _healing(self, work, unsaved: str = ""):
        """`work()` under `_guard`. Damage found only now (inside a record, which quick_check
        does not read, or on a page only a write touches) gets the file recovered, then
        `work()` runs once more."""
        try:
            with self._guard(unsaved):
                return work()
        except (StoreDamaged, ValueError) as exc:  # ValueError: bad UTF-8, JSON or time
            self._heal(" ".join(str(exc).split())[:200])
        with self._guard(unsaved):
            return work()

    def _heal(self, reason: str) -> None:
        self.db.close()
        if self.read_only is not None:
            self.db = self._snapshot(damaged=reason)
            return
        self._recover_alone(reason)
        self.db = self._connect(self._write)

    # --- a damaged file ----------------------------------------------------------

    def _recover_in_place(self, reason: str) -> None:
        """Rename the damaged file aside and put a fresh database with its readable rows in its place."""
        from .recovery import salvage

        aside = self._move_aside()
        fresh = self.path.with_name(self.path.name + ".recovering")
        for leftover in (fresh, fresh.with_name(fresh.name + "-journal")):
            leftover.unlink(missing_ok=True)
        found = salvage(aside)
        db = sqlite3.connect(fresh, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = OFF")  # one fsync below instead of one per step
            self._migrate(db)
            self._insert_rows(db, found)
        finally:
            db.close()
        with open(fresh, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(fresh, self.path)
        self._warn(f"seqprep: the progress database was damaged ({reason}); kept "
                   f"{len(found['reviews'])} reviews in a fresh database (the damaged file is kept as {aside})")

    @staticmethod
    def _insert_rows(db: sqlite3.Connection, found: dict) -> None:
        from .recovery import COLUMNS

        with Store._transaction(db):
            for table, rows in found.items():
                marks = ", ".join("?" * len(COLUMNS[table]))
                db.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(COLUMNS[table])})"
                               f" VALUES ({marks})", [rows[key] for key in sorted(rows)])

    def _move_aside(self) -> Path:
        stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            self.path.rename(target)
            wal = self.path.with_name(self.path.name + "-wal")
            if wal.exists() and wal.stat().st_size:  # committed reviews may still be only there
                wal.rename(target.with_name(target.name + "-wal"))
            for derived in ("-wal", "-shm"):  # an empty WAL; the WAL's index, rebuilt on open
                self.path.with_name(self.path.name + derived).unlink(missing_ok=True)
        except OSError as exc:
            raise StoreUnwritable(f"the progress database {self.path} is damaged and cannot be "
                                  f"moved aside to recover it ({exc.strerror})") from None
        return target

    # --- read-only storage ---------------------------------------------------

    def _snapshot(self, damaged: Optional[str] = None) -> sqlite3.Connection:
        """The database copied into memory: what `stats` needs when nothing can be written.
        A damaged file is salvaged into memory instead (it cannot be repaired here)."""
        from .recovery import copy_with_wal, salvage

        memory = sqlite3.connect(":memory:", isolation_level=None)
        if self.path.is_file():
            try:
                if damaged:
                    raise CorruptDatabase(damaged)
                try:
                    self._backup(f"{self.path.absolute().as_uri()}?mode=ro", memory)
                except StoreUnwritable:  # a WAL database in a read-only folder: read a copy
                    with tempfile.TemporaryDirectory(prefix="seqprep-") as tmp:
                        copy = copy_with_wal(self.path, Path(tmp) / self.path.name)
                        self._backup(copy.as_uri(), memory)
            except CorruptDatabase as exc:
                found = salvage(self.path)
                self._migrate(memory)
                self._insert_rows(memory, found)
                self._warn(f"seqprep: the progress database {self.path} is damaged ({exc}) and "
                           f"cannot be repaired here; {len(found['reviews'])} readable reviews are shown")
            except OSError as exc:
                raise StoreUnwritable(f"cannot read the progress database {self.path} "
                                      f"({exc.strerror})") from None
        self._migrate(memory)
        return memory

    def _backup(self, uri: str, memory: sqlite3.Connection) -> None:
        try:
            source = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
            try:
                rows = _quick_check(source)
                if rows != [("ok",)]:
                    raise CorruptDatabase(_first_problem(rows))
                source.backup(memory)
            finally:
                source.close()
        except sqlite3.Error as exc:
            self._raise(exc, corrupt=CorruptDatabase)

    def close(self) -> None:
        self.db.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # drops the shared flock
            self._lock_fd = None

    def __del__(self) -> None:  # a Store dropped without close() must not keep its lock fd
        fd, self._lock_fd = getattr(self, "_lock_fd", None), None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    # --- writing (each call is its own committed transaction) -----------------

    def add_review(self, question_id: str, rating: int, card: dict, *, at: datetime,
                   source: str = "quiz", session: Optional[str] = None,
                   correct: Optional[bool] = None) -> int:
        return self._healing(lambda: self.db.execute(
            "INSERT INTO reviews (question_id, rating, reviewed_at, card, source, session, correct)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (question_id, rating, at.isoformat(), json.dumps(card), source, session,
             None if correct is None else int(correct))).lastrowid,
            f"the rating of {question_id} was not saved")

    def undo(self, review_id: int, at: Optional[datetime] = None) -> None:
        self._healing(lambda: self.db.execute("INSERT OR IGNORE INTO undos (review_id, undone_at) VALUES (?, ?)",
                                              (review_id, (at or utcnow()).isoformat())),
                      "the undo was not saved")

    def reset(self, question_ids: Iterable[str]) -> int:
        """Forget the progress of these questions; returns how many had any."""
        now, question_ids = utcnow().isoformat(), list(question_ids)

        def work() -> int:
            count = 0
            with self._transaction(self.db):
                for qid in question_ids:
                    last = self.db.execute("SELECT MAX(id) FROM reviews WHERE question_id = ?",
                                           (qid,)).fetchone()[0]
                    if last is not None:
                        self.db.execute("INSERT INTO resets (question_id, upto_review, reset_at)"
                                        " VALUES (?, ?, ?)", (qid, last, now))
                        count += 1
            return count

        return self._healing(work, "nothing was reset")

    def add_submission(self, task: str, file: str, passed: bool, checks: list[dict],
                       elapsed_s: float, at: Optional[datetime] = None) -> int:
        return self._healing(lambda: self.db.execute(
            "INSERT INTO submissions (task, file, passed, checks, elapsed_s, submitted_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (task, file, int(passed), json.dumps(checks, ensure_ascii=False), elapsed_s,
             (at or utcnow()).isoformat())).lastrowid, "the verdict was not recorded")

    # --- reading ---------------------------------------------------------------

    _LIVE = """
        FROM reviews r
        WHERE r.id NOT IN (SELECT review_id FROM undos WHERE review_id IS NOT NULL)
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
        return self._healing(lambda: [self._row(row) for row in self.db.execute(sql + " ORDER BY r.id", args)])

    def latest_cards(self) -> dict[str, dict]:
        """question id -> FSRS card (as a dict) after its latest live review."""
        return self._healing(self._latest_cards)

    def _latest_cards(self) -> dict[str, dict]:
        sql = ("SELECT r.question_id, r.card " + self._LIVE +
               " AND r.id = (SELECT MAX(r2.id) FROM reviews r2 WHERE r2.question_id = r.question_id"
               "             AND r2.id NOT IN (SELECT review_id FROM undos WHERE review_id IS NOT NULL))")
        return {qid: json.loads(card) for qid, card in self.db.execute(sql)}

    _PENDING = ("SELECT * FROM submissions WHERE id NOT IN (SELECT submission_id FROM applied_submissions)"
                " ORDER BY id")

    def apply_submissions(self, reviews_for) -> int:
        """Turn each submission not applied yet into reviews, exactly once.

        `reviews_for(submission, cards)` returns (question_id, rating, card, at, correct)
        tuples; it runs inside one write transaction, so two sessions starting at
        once cannot apply the same submission twice. Returns how many were applied.
        Nothing pending: no write lock is taken. In a read-only snapshot the
        reviews go to the in-memory copy only.
        """
        if self._healing(lambda: self.db.execute(self._PENDING).fetchone()) is None:
            return 0
        self.latest_cards()  # decodes every latest card once, healing a damaged file first
        with self._guard(), self._transaction(self.db):
            cursor = self.db.execute(self._PENDING)
            names = [c[0] for c in cursor.description]
            pending = [dict(zip(names, row)) for row in cursor.fetchall()]
            for submission in pending:
                for qid, rating, card, at, correct in reviews_for(submission, self._latest_cards()):
                    self.db.execute(
                        "INSERT INTO reviews (question_id, rating, reviewed_at, card, source, correct)"
                        " VALUES (?, ?, ?, ?, 'submit', ?)",
                        (qid, rating, at.isoformat(), json.dumps(card), int(correct)))
                self.db.execute("INSERT INTO applied_submissions (submission_id, applied_at)"
                                " VALUES (?, ?)", (submission["id"], utcnow().isoformat()))
        return len(pending)

    def submissions(self, task: Optional[str] = None) -> list[dict]:
        sql, args = "SELECT * FROM submissions", ()
        if task:
            sql, args = sql + " WHERE task = ?", (task,)
        def query():
            cursor = self.db.execute(sql + " ORDER BY id", args)
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, row)) for row in cursor]

        return self._healing(query)

    def review_count(self) -> int:
        """Every review row ever stored (undone and reset ones too)."""
        return self._healing(lambda: self.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

    @staticmethod
    def _row(row) -> Review:
        rid, qid, rating, at, card, source, session, correct = row
        return Review(rid, qid, rating, datetime.fromisoformat(at), json.loads(card), source,
                      session, None if correct is None else bool(correct))
