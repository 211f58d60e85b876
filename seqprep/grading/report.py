"""Printing verdicts: one line per check for `submit`, one row per file for `grade`."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .grader import Verdict


def print_verdict(console: Console, verdict: Verdict, show_output: bool = False) -> None:
    console.print(f"[bold]{escape(verdict.task)}[/] — {escape(verdict.file)}")
    for check in verdict.checks:
        mark = "[green]✔[/]" if check.passed else "[red]✘[/]"
        console.print(f"  {mark} {escape(check.name)}")
        if not check.passed and check.message:
            console.print(f"      {escape(check.message)}", soft_wrap=True)
    passed = sum(c.passed for c in verdict.checks)
    status = "[bold green]PASSED[/]" if verdict.passed else "[bold red]FAILED[/]"
    console.print(f"{status}: {passed}/{len(verdict.checks)} checks passed in {verdict.elapsed_s:.2f} s")
    if show_output and verdict.output:
        console.rule("your program printed (first 4 KB)")
        console.print(escape(verdict.output), soft_wrap=True)


def rows(verdicts: list[Verdict]) -> list[dict]:
    return [{"file": v.file, "passed": v.passed,
             "checks_passed": sum(c.passed for c in v.checks), "checks_total": len(v.checks),
             "elapsed_s": round(v.elapsed_s, 3), "error": v.error} for v in verdicts]


def format_rows(data: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["file", "passed", "checks_passed", "checks_total", "elapsed_s", "error"])
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue()


def rows_table(data: list[dict]) -> Table:
    table = Table("file", "passed", "checks", "elapsed", "error", box=None)
    for row in data:
        table.add_row(escape(row["file"]), "yes" if row["passed"] else "no",
                      f"{row['checks_passed']}/{row['checks_total']}", f"{row['elapsed_s']:.2f} s",
                      escape(row["error"]))
    return table
