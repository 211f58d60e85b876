"""Printing verdicts: one line per check for `submit`, one row per file for `grade`.

Every string here was cleaned by the grader (`sanitize.clean`); CSV cells are
also kept from being read as formulas, and a report file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .grader import Verdict
from .sanitize import clean, csv_cell

FIELDS = ["file", "seed", "passed", "checks_passed", "checks_total", "elapsed_s", "error"]


def print_verdict(console: Console, verdict: Verdict, show_output: bool = False) -> None:
    seed = "" if verdict.seed is None else f" (seed {verdict.seed})"
    console.print(f"[bold]{escape(verdict.task)}[/] — {escape(verdict.file)}{seed}")
    for check in verdict.checks:
        mark = "[green]✔[/]" if check.passed else "[red]✘[/]"
        console.print(f"  {mark} {escape(clean(check.name))}")
        if not check.passed and check.message:
            console.print(f"      {escape(clean(check.message))}", soft_wrap=True)
    passed = sum(c.passed for c in verdict.checks)
    status = "[bold green]PASSED[/]" if verdict.passed else "[bold red]FAILED[/]"
    again = "" if verdict.seed is None else f" (`--seed {verdict.seed}` repeats these inputs)"
    console.print(f"{status}: {passed}/{len(verdict.checks)} checks passed in {verdict.elapsed_s:.2f} s{again}")
    if show_output and verdict.output:
        console.rule("your program printed (first 4 KB)")
        console.print(escape(clean(verdict.output, keep="\n\t")), soft_wrap=True)


def rows(verdicts: list[Verdict]) -> list[dict]:
    return [{"file": clean(v.file), "seed": v.seed, "passed": v.passed,
             "checks_passed": sum(c.passed for c in v.checks), "checks_total": len(v.checks),
             "elapsed_s": round(v.elapsed_s, 3), "error": clean(v.error)} for v in verdicts]


def format_rows(data: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in data)
    return out.getvalue()


def rows_table(data: list[dict]) -> Table:
    table = Table("file", "passed", "checks", "elapsed", "error", box=None)
    for row in data:
        table.add_row(escape(row["file"]), "yes" if row["passed"] else "no",
                      f"{row['checks_passed']}/{row['checks_total']}", f"{row['elapsed_s']:.2f} s",
                      escape(row["error"]))
    return table


def write_report(path: Path, text: str) -> None:
    """Write all of `text` or nothing: a temporary file in the same folder, then a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
