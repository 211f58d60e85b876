"""Text from a submission made safe to print, store and put in a report.

Anything a submission controls (exception messages, what it printed, file
names) may hold lone surrogates, control characters or terminal escape
sequences. `clean` escapes them the way Python's `repr` would, so a report is
always valid UTF-8, one line per message, and cannot move the cursor:

    >>> clean("bad\\x1b[2J\\ud800 value\\nnext")
    'bad\\\\x1b[2J\\\\ud800 value\\\\nnext'
    >>> clean("two\\nlines\\tok", keep="\\n\\t")
    'two\\nlines\\tok'
    >>> csv_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> display_path(b"caf\\xe9.py")
    'caf\\\\xe9.py'
"""

from __future__ import annotations

import os
import unicodedata

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str, keep: str = "") -> str:
    """Escape surrogates and control characters (C0, DEL, C1, ESC), except those in `keep`."""
    if not isinstance(text, str):
        text = str(text)
    out = []
    for ch in text:
        code = ord(ch)
        if ch in keep:
            out.append(ch)
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif unicodedata.category(ch) == "Cc":
            out.append(repr(ch)[1:-1] if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def csv_cell(value):
    """A spreadsheet must not read a cell as a formula: prefix those with a quote."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


def display_path(path) -> str:
    """A path as printable text; bytes that are not UTF-8 appear as \\xNN."""
    raw = os.fsencode(path)
    return clean(raw.decode("utf-8", "backslashreplace"))
