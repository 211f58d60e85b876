"""Reading whatever is still readable in a damaged progress database.

Two readers, both working on a scratch copy so the damaged file itself is
never opened for writing:

* `rows_by_sql` asks SQLite for each table; when a scan breaks on a damaged
  page it goes on row by row (`WHERE rowid = ?`), so one bad page costs only
  the rows stored on it.
* `rows_by_pages` reads the file format itself (https://sqlite.org/fileformat.html):
  every b-tree leaf page of every table, plus the newest copy of each page in
  the `-wal`. It finds reviews even when the schema page or an interior page
  is gone. A review is recognized by its shape: 8 columns, a question id, a
  rating 1-4, an ISO time and a JSON card.

`salvage()` merges both (SQL rows first; pages fill the gaps) and keeps only
rows that pass the same checks the schema would make.

    >>> _varint(bytes([0x81, 0x00]), 0)   # 128 in SQLite's big-endian varint
    (128, 2)
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
import tempfile
from datetime import datetime
from pathlib import Path

# table -> its columns, in schema order (see store.MIGRATIONS)
COLUMNS = {
    "reviews": ("id", "question_id", "rating", "reviewed_at", "card", "source", "session", "correct"),
    "undos": ("review_id", "undone_at"),
    "resets": ("id", "question_id", "upto_review", "reset_at"),
    "submissions": ("id", "task", "file", "passed", "checks", "elapsed_s", "submitted_at"),
    "applied_submissions": ("submission_id", "applied_at"),
}
# SQLite's error messages may quote damaged bytes, which Python then cannot decode
_SQL_ERRORS = (sqlite3.Error, UnicodeDecodeError)
MAX_GAP = 2_000  # rowids probed past the last one found, when no upper bound is readable


def salvage(db_path: Path) -> dict[str, dict[int, tuple]]:
    """table -> {id: row} of every valid row readable in `db_path` (and its -wal)."""
    with tempfile.TemporaryDirectory(prefix="seqprep-recover-") as tmp:
        scratch = copy_with_wal(db_path, Path(tmp) / "damaged.db")
        found = {table: {} for table in COLUMNS}
        for source in (rows_by_sql(scratch), rows_by_pages(scratch)):
            for table, rows in source.items():
                for row in rows:
                    if _valid(table, row):
                        found[table].setdefault(row[0], row)
    return found


# --- SQL, row by row where a scan breaks ------------------------------------


def rows_by_sql(path: Path) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
    try:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA query_only = ON")
    except _SQL_ERRORS:
        return out
    try:
        for table, columns in COLUMNS.items():
            out[table] = _table_rows(db, table, columns)
    finally:
        db.close()
    return out


def _table_rows(db: sqlite3.Connection, table: str, columns: tuple) -> list[tuple]:
    select = f"SELECT rowid, {', '.join(columns[1:])} FROM {table}"
    rows: list[tuple] = []
    try:
        cursor = db.execute(select + " ORDER BY rowid")
    except _SQL_ERRORS:  # no such table, or a schema SQLite cannot read
        return rows
    try:
        while (row := cursor.fetchone()) is not None:
            rows.append(row)
        return rows
    except _SQL_ERRORS:  # a damaged page: go on one rowid at a time
        pass
    last = rows[-1][0] if rows else 0
    bounds = [_scalar(db, "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)),
              _scalar(db, f"SELECT MAX(rowid) FROM {table}")]
    bounds = [b for b in bounds if isinstance(b, int)]
    rowid, upper = last, max(bounds) if bounds else None
    while True:
        rowid += 1
        if (upper is not None and rowid > upper) or (upper is None and rowid > last + MAX_GAP):
            return rows
        try:
            row = db.execute(select + " WHERE rowid = ?", (rowid,)).fetchone()
        except _SQL_ERRORS:
            continue
        if row is not None:
            rows.append(row)
            last = rowid


def _scalar(db, sql, args=()):
    try:
        row = db.execute(sql, args).fetchone()
    except _SQL_ERRORS:
        return None
    return row[0] if row else None


# --- the file format, page by page ------------------------------------------


def rows_by_pages(path: Path) -> dict[str, list[tuple]]:
    """Reviews, submissions and resets on any table leaf page of the file or its WAL.

    Undos and applied submissions (two columns each) look alike without the
    schema, so only `rows_by_sql` reads those."""
    data = path.read_bytes()
    page_size = _page_size(data)
    pages = {n + 1: data[n * page_size:(n + 1) * page_size] for n in range(len(data) // page_size)}
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        pages.update(_wal_pages(wal.read_bytes(), page_size))
    out: dict[str, list[tuple]] = {"reviews": [], "submissions": [], "resets": []}
    for number, page in pages.items():
        for rowid, values in _leaf_cells(page, 100 if number == 1 else 0, page_size, pages):
            if len(values) == 8 and values[0] is None:
                out["reviews"].append((rowid, *values[1:]))
            elif len(values) == 7 and values[0] is None:
                out["submissions"].append((rowid, *values[1:]))
            elif len(values) == 4 and values[0] is None:
                out["resets"].append((rowid, *values[1:]))
    return out


def _page_size(data: bytes) -> int:
    if data[:16] == b"SQLite format 3\x00" and len(data) >= 18:
        size = struct.unpack(">H", data[16:18])[0]
        size = 65536 if size == 1 else size
        if size >= 512 and size & (size - 1) == 0:
            return size
    return 4096  # the default; a damaged header cannot tell


def _wal_pages(wal: bytes, page_size: int) -> dict[int, bytes]:
    """The newest frame of each page whose salts match the WAL header's."""
    if len(wal) < 32:
        return {}
    salts = wal[16:24]
    size = struct.unpack(">I", wal[8:12])[0] or page_size
    pages, offset = {}, 32
    while offset + 24 + size <= len(wal):
        number = struct.unpack(">I", wal[offset:offset + 4])[0]
        if wal[offset + 8:offset + 16] == salts and number:
            pages[number] = wal[offset + 24:offset + 24 + size]
        offset += 24 + size
    return pages


def _leaf_cells(page: bytes, start: int, page_size: int, pages: dict[int, bytes]):
    """(rowid, values) of each readable cell of a table leaf page (type 0x0D)."""
    if len(page) < start + 8 or page[start] != 0x0D:
        return
    count = struct.unpack(">H", page[start + 3:start + 5])[0]
    for i in range(count):
        try:
            pointer = struct.unpack(">H", page[start + 8 + 2 * i:start + 10 + 2 * i])[0]
            size, at = _varint(page, pointer)
            rowid, at = _varint(page, at)
            payload = _payload(page, at, size, page_size, pages)
            yield rowid, _record(payload)
        except (IndexError, ValueError, struct.error, UnicodeDecodeError):
            continue


def _payload(page: bytes, at: int, size: int, usable: int, pages: dict[int, bytes]) -> bytes:
    local_max = usable - 35
    if size <= local_max:
        return page[at:at + size]
    low = (usable - 12) * 32 // 255 - 23
    local = low + (size - low) % (usable - 4)
    local = local if local <= local_max else low
    parts, overflow = [page[at:at + local]], struct.unpack(">I", page[at + local:at + local + 4])[0]
    remaining, seen = size - local, set()
    while remaining > 0:
        if overflow in seen or overflow not in pages:
            raise ValueError("broken overflow chain")
        seen.add(overflow)
        chunk = pages[overflow]
        parts.append(chunk[4:4 + min(remaining, usable - 4)])
        remaining -= usable - 4
        overflow = struct.unpack(">I", chunk[:4])[0]
    return b"".join(parts)[:size]


def _record(payload: bytes) -> list:
    header_size, at = _varint(payload, 0)
    types = []
    while at < header_size:
        serial, at = _varint(payload, at)
        types.append(serial)
    values, at = [], header_size
    for serial in types:
        if serial == 0:
            values.append(None)
        elif serial in (8, 9):
            values.append(serial - 8)
        elif 1 <= serial <= 6:
            width = (0, 1, 2, 3, 4, 6, 8)[serial]
            values.append(int.from_bytes(payload[at:at + width], "big", signed=True))
            at += width
        elif serial == 7:
            values.append(struct.unpack(">d", payload[at:at + 8])[0])
            at += 8
        elif serial >= 12:
            width = (serial - 12) // 2
            chunk = payload[at:at + width]
            values.append(chunk.decode("utf-8") if serial % 2 else chunk)
            at += width
        else:
            raise ValueError(f"reserved serial type {serial}")
        if at > len(payload):
            raise ValueError("record runs past its payload")
    return values


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise ValueError("bad varint")  # pragma: no cover


# --- what a valid row looks like --------------------------------------------


def _valid(table: str, row: tuple) -> bool:
    check = _CHECKS[table]
    try:
        return len(row) == len(COLUMNS[table]) and isinstance(row[0], int) and row[0] > 0 and check(row)
    except (TypeError, ValueError):
        return False


def _time(text) -> bool:
    return isinstance(text, str) and datetime.fromisoformat(text) is not None


def _json(text, kind) -> bool:
    return isinstance(text, str) and isinstance(json.loads(text), kind)


def _text(value) -> bool:
    return isinstance(value, str) and value != ""


_CHECKS = {
    "reviews": lambda r: (_text(r[1]) and r[2] in (1, 2, 3, 4) and _time(r[3]) and _json(r[4], dict)
                          and r[5] in ("quiz", "submit") and (r[6] is None or isinstance(r[6], str))
                          and r[7] in (None, 0, 1)),
    "undos": lambda r: _time(r[1]),
    "resets": lambda r: _text(r[1]) and isinstance(r[2], int) and _time(r[3]),
    "submissions": lambda r: (_text(r[1]) and isinstance(r[2], str) and r[3] in (0, 1)
                              and _json(r[4], list) and isinstance(r[5], (int, float)) and _time(r[6])),
    "applied_submissions": lambda r: _time(r[1]),
}


def copy_with_wal(source: Path, target: Path) -> Path:
    """Copy a database file and its `-wal` (committed rows may still be there)."""
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return target
