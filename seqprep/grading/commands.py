"""The work of `seqprep submit` and `seqprep grade` between parsing options and exiting.

Exit codes: 0 passed (every file, for grade), 1 failed, 2 usage error,
3 internal error of the grader, 130 interrupted. Ctrl-C stops every sandbox
before the command returns (`ForkServer.close` waits for them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Optional

from rich.console import Console
from rich.markup import escape

from .sanitize import display_path

PASSED, FAILED, USAGE, INTERNAL, INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(Exception):
    """A one-line usage error (exit 2)."""


def read_submission(path: Path, task_id: Optional[str]) -> tuple[bytes, str]:
    """The file's bytes and its task (the --task option, else its header)."""
    from .grader import SourceError, decode_source, task_from_header

    name = display_path(path)
    if path.is_dir():
        raise UsageError(f"{name} is a directory: submit one .py file (`seqprep grade DIR` grades a folder)")
    if not path.exists():
        raise UsageError(f"no such file: {name}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    if task_id is None:
        try:
            task_id = task_from_header(decode_source(data))
        except SourceError as exc:
            raise UsageError(f"{name}: {exc}; pass --task") from None
        if task_id is None:
            raise UsageError(f"{name} has no '# seqprep-task: ID' header; pass --task")
    return data, task_id


def _weak_sandbox_line(server) -> str:
    return (f"warning: weaker sandbox ({server.reason}): this submission can read your files and use the "
            "network; the verdict itself cannot be faked")


def submit(path: Path, data: bytes, task, open_store: Callable, console: Console, err: Console, *,
           as_json: bool = False, timeout_s=None, memory_mb=None, seed=None, show_output=False) -> int:
    from .grader import draw_seed, grade_file, precheck, start_server
    from .progress import record_submission
    from .report import print_verdict

    seed = draw_seed() if seed is None else seed
    verdict = precheck(data, task, display_path(path), seed)  # no sandbox (and no torch) needed for these
    if verdict is None:
        server = start_server()
        try:
            if server.isolation != "namespaces":
                err.print(escape(_weak_sandbox_line(server)), soft_wrap=True)
            verdict = grade_file(path, server, task_id=task.id, seed=seed, timeout_s=timeout_s,
                                 memory_mb=memory_mb, data=data)
        except KeyboardInterrupt:
            server.close()
            err.print("interrupted: every sandbox was stopped; nothing was recorded")
            return INTERRUPTED
        server.close(wait=False)  # idle now: it exits on its own; its folder goes now
    recorded = "" if verdict.internal else record_submission(open_store(), verdict, task, path, data)
    if as_json:
        out = verdict.to_json()
        out["recorded"] = recorded.startswith("Recorded")
        console.file.write(json.dumps(out, ensure_ascii=False) + "\n")
    else:
        print_verdict(console, verdict, show_output)
        if recorded:
            console.print(escape(recorded), soft_wrap=True)
    if verdict.internal:
        err.print(escape(verdict.error), soft_wrap=True)
        return INTERNAL
    return PASSED if verdict.passed else FAILED


def grade(folder: Path, task, console: Console, err: Console, *, jobs: int = 1, fmt: str = "table",
          out: Optional[Path] = None, timeout_s=None, memory_mb=None, seed=None, isolation: bool = True) -> int:
    from rich.progress import Progress

    from .grader import draw_seed, grade_dir, start_server, submissions_in
    from .report import format_rows, rows, rows_table, write_report

    if out is not None and not out.parent.is_dir():
        raise UsageError(f"the folder of --out does not exist: {display_path(out.parent)}")
    hidden = [folder] + ([out.parent] if out is not None else [])
    server = start_server(isolation=isolation, hidden=hidden)
    if server.isolation != "namespaces":
        if isolation:
            server.close()
            raise UsageError(f"cannot isolate the submissions here ({server.reason}); `seqprep grade` runs "
                             "other people's code only in the namespace sandbox. Pass --no-isolation to grade "
                             "them in the weaker process sandbox (they can then read your files)")
        err.print(escape(f"warning: {server.reason}: the submissions can read your files and use the network"),
                  soft_wrap=True)
    seed = draw_seed() if seed is None else seed
    total = len(submissions_in(folder))
    try:
        with Progress(console=err, transient=True) as progress:
            bar = progress.add_task(f"grading {total} files", total=total)
            verdicts = grade_dir(folder, task.id, server, jobs=jobs, seed=seed, timeout_s=timeout_s,
                                 memory_mb=memory_mb, progress=lambda: progress.advance(bar))
    except KeyboardInterrupt:
        server.close()
        err.print("interrupted: every sandbox was stopped; no report was written")
        return INTERRUPTED
    server.close()  # every child is gone before the report is written
    data = rows(verdicts)
    if fmt == "table" and out is None:
        console.print(rows_table(data))
    else:
        text = format_rows(data, "json" if fmt == "table" else fmt)
        if out is None:
            console.file.write(text)
        else:
            write_report(out, text)
    passed = sum(r["passed"] for r in data)
    err.print(f"{passed}/{len(data)} passed (seed {seed})")
    internal = [v for v in verdicts if v.internal]
    if internal:
        err.print(escape(internal[0].error), soft_wrap=True)
        return INTERNAL
    return PASSED if passed == len(data) else FAILED


__all__ = ["UsageError", "grade", "read_submission", "submit"]
