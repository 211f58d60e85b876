"""One place that makes the rich Console, so NO_COLOR and width are handled once.

rich is imported on first use: `seqprep --help` and `list --json` never print through it.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from rich.console import Console


def make_console(stderr: bool = False) -> "Console":
    from rich.console import Console

    no_color = "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != ""
    return Console(
        stderr=stderr,
        no_color=no_color,
        highlight=False,
        emoji=False,  # ":name:" in a question is text (and the emoji table costs ms to load)
        soft_wrap=False,
        file=sys.stderr if stderr else sys.stdout,
    )


def safe_streams() -> None:
    """Never crash on a terminal that cannot show a character (`PYTHONIOENCODING=ascii`,
    `LANG=C` without UTF-8): such a character is written as "?", and typed bytes that do
    not decode are read as U+FFFD. UTF-8 streams are left as they are."""
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
                pass


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error to stderr and exit with `code`."""
    from rich.markup import escape

    make_console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise SystemExit(code)
