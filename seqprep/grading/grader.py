"""Grade one submission: plan the hidden calls, run them in the sandbox, judge.

The verdict is decided here, in the grader's process, from data the child
wrote; the child's exit status only explains why a result is missing. A
submission that never gets to produce a result fails with one clear line:
"syntax error at line L", "timeout", "out of memory", "crashed (signal N)".
Everything a submission controls is escaped (`sanitize.clean`) before it
reaches a verdict. A failure of the grader itself is never the submission's:
it becomes an internal-error verdict naming the task and the seed.

Every verdict carries its seed; the same file and seed give the same verdict.
"""

from __future__ import annotations

import io
import json
import secrets
import time
import tokenize
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

import numpy as np

from . import checks as checks_pkg
from .catalog import Task, get_task
from .checks import Call, Check, Outcome
from .codec import decode, open_arrays
from .compare import signal_name
from .sandbox import ChildResult, ForkServer
from .sanitize import clean, display_path
from .scan import forbidden_uses

OUTPUT_CAP = 4096
HEADER = "# seqprep-task:"
SEED_RANGE = 10**9


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: str = ""


@dataclass
class Verdict:
    task: str
    file: str
    passed: bool
    checks: list[CheckResult]
    elapsed_s: float
    error: str = ""                 # one line when the file could not run at all
    output: str = ""                # what the submission printed (capped)
    extra: dict = field(default_factory=dict)
    seed: Optional[int] = None
    internal: bool = False          # the grader failed, not the submission (exit code 3)

    def to_json(self) -> dict:
        return {"task": self.task, "file": self.file, "seed": self.seed, "passed": self.passed,
                "error": self.error or None, "checks": [asdict(c) for c in self.checks],
                "elapsed_s": round(self.elapsed_s, 3)}


class InternalError(Exception):
    """The grader, not the submission, failed (a check that cannot be built, a sandbox that did not start)."""


def internal_verdict(task_id: str, file: str, seed: Optional[int], exc: BaseException,
                     elapsed_s: float = 0.0) -> Verdict:
    detail = clean(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    if not isinstance(exc, InternalError):
        detail = f"{type(exc).__name__}: {detail}"
    message = f"internal error in the grader (task {task_id}, seed {seed}): {detail} — please report"
    return Verdict(task_id, file, False, [CheckResult("grader", False, message)], elapsed_s, error=message,
                   seed=seed, internal=True)


def draw_seed() -> int:
    return secrets.randbelow(SEED_RANGE)


class SourceError(ValueError):
    """The file cannot be read as Python source (its message is the verdict's one line)."""


def decode_source(data: bytes) -> str:
    """The text Python itself would read: a BOM and a coding cookie are honored.

    >>> decode_source("# -*- coding: latin-1 -*-\\nx = 'é'\\n".encode("latin-1"))[-8:]
    "x = 'é'\\n"
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError) as exc:
        raise SourceError(f"cannot read the file: {clean(str(exc))}") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"cannot read the file: it is not valid {exc.encoding} "
                          f"(byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


def task_from_header(source: str) -> Optional[str]:
    for line in source.splitlines()[:20]:
        if line.strip().startswith(HEADER):
            return line.split(":", 1)[1].strip() or None
    return None


def _permutation(tensor) -> Optional[list]:
    """The dim order that makes a non-contiguous permuted view contiguous, else None."""
    if tensor.is_contiguous() or tensor.dim() < 2:
        return None
    order = sorted(range(tensor.dim()), key=lambda i: -tensor.stride(i))
    return order if tensor.permute(order).is_contiguous() else None


class _Files:
    """Collects call arguments as named arrays for one `inputs.npz`."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def _add(self, array: np.ndarray) -> str:
        name = f"in_{len(self.arrays) + 1}"
        self.arrays[name] = np.ascontiguousarray(array)
        return name

    def arg(self, value: Any) -> dict:
        import torch

        if isinstance(value, torch.nn.Embedding):
            name = self._add(value.weight.detach().cpu().numpy())
            return {"embedding": {"weight": name, "padding_idx": value.padding_idx}}
        if isinstance(value, torch.Tensor):
            order = _permutation(value)  # a transposed view arrives transposed (checks.transposed)
            stored = value if order is None else value.permute(order)
            name = self._add(stored.detach().cpu().numpy())
            spec = {"array": name, "torch": True, "requires_grad": bool(value.requires_grad)}
            if order is not None:
                spec["permute"] = [order.index(i) for i in range(len(order))]
            return spec
        if isinstance(value, np.ndarray):
            return {"array": self._add(value), "torch": False}
        if isinstance(value, bytes):
            return {"bytes": self._add(np.frombuffer(value, dtype=np.uint8))}
        json.dumps(value)  # anything else must be plain JSON
        return {"value": value}

    def array(self, tensor) -> str:
        return self._add(tensor.detach().cpu().numpy() if hasattr(tensor, "detach") else np.asarray(tensor))

    def call(self, call: Call) -> dict:
        return {
            "id": call.id, "fn": call.fn,
            "args": [self.arg(a) for a in call.args],
            "kwargs": {k: self.arg(v) for k, v in call.kwargs.items()},
            "init": call.init,
            "state": None if call.state is None else {k: self.array(v) for k, v in call.state.items()},
            "grad_seed": None if call.grad_seed is None else self.array(call.grad_seed),
            "grad_output": call.grad_output,
            "return_inputs": call.return_inputs,
        }


@dataclass
class Plan:
    """A task's hidden checks drawn from one seed, with their inputs serialized once.

    `submit` draws a fresh plan per submission; `grade` draws one per batch, so every
    file of a batch is judged on the same hidden inputs.
    """

    task: Task
    checks: list[Check]
    inputs_npz: bytes
    plan_json: bytes
    seed: Optional[int] = None

    def write(self, folder: Path) -> None:
        (folder / "inputs.npz").write_bytes(self.inputs_npz)
        (folder / "plan.json").write_bytes(self.plan_json)


def build_checks(task: Task, seed: int) -> tuple[list[Check], _Files, list[dict]]:
    """The task's checks for `seed`, each call given its id `c<check>_<call>`, with the arrays
    their arguments hold (`_Files`) and the calls as the child receives them."""
    checks: list[Check] = checks_pkg.load(task.id).build(np.random.default_rng(seed))
    files = _Files()
    calls = []
    for i, check in enumerate(checks):
        for j, call in enumerate(check.calls):
            call.id = f"c{i}_{j}"
            calls.append(files.call(call))
    return checks, files, calls


def make_plan(task: Task, seed: Optional[int] = None) -> Plan:
    """Build the hidden checks for `seed` (drawn when None); a failure here is an InternalError."""
    seed = draw_seed() if seed is None else seed
    try:
        checks, files, calls = build_checks(task, seed)
        plan_json = json.dumps({"forbidden": list(task.forbidden), "calls": calls}).encode()
        buffer = io.BytesIO()
        np.savez(buffer, **files.arrays)
    except Exception as exc:  # noqa: BLE001 - whatever the checks raise is the grader's fault
        raise InternalError(f"building the hidden checks failed: {type(exc).__name__}: {exc}") from exc
    return Plan(task, checks, buffer.getvalue(), plan_json, seed)


def _read_outcome(folder: Path, call: Call, reason: str, refused=()) -> Outcome:
    path = folder / f"out_{call.id}.json"
    if {path.name, f"out_{call.id}.npz"} & set(refused):
        return Outcome(ran=True, error="its result could not be read (larger than the grader accepts, "
                                       "or not a regular file)")
    if not path.is_file():
        return Outcome(ran=False, not_run_reason=reason)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("malformed result")
        arrays = open_arrays(folder / f"out_{call.id}.npz")
        outcome = Outcome(ran=True, error=_str_or_none(data.get("error")),
                          line=data.get("line") if type(data.get("line")) is int else None,
                          oom=data.get("oom") is True, forbidden=data.get("forbidden") is True,
                          missing=data.get("missing") is True)
        if "result" in data:
            outcome.result = decode(data["result"], arrays)
        if data.get("grads") is not None:
            outcome.grads = [None if g is None else decode(g, arrays) for g in data["grads"]]
        if data.get("params_grads") is not None:
            outcome.params_grads = {str(k): decode(v, arrays) for k, v in data["params_grads"].items()}
        if data.get("inputs_after") is not None:
            outcome.inputs_after = [decode(a, arrays) for a in data["inputs_after"]]
        if isinstance(data.get("structure"), dict):
            outcome.structure = data["structure"]
        if outcome.error is None and "result" not in data:
            outcome.error = "no result was recorded"
        return outcome
    except Exception as exc:  # noqa: BLE001 - forged or broken files (deep nesting, bad zip, huge headers)
        return Outcome(ran=True, error=f"its result could not be read ({clean(str(exc))[:300]})")


def _str_or_none(value: Any) -> Optional[str]:
    return clean(value[:400]) if isinstance(value, str) else None


def _missing_reason(child: ChildResult, status: dict, timeout_s: float, memory_mb: int) -> str:
    if child.timed_out:
        return f"timeout: stopped after {timeout_s:g} s"
    if child.signal is not None:
        if child.signal == 9 and child.max_rss_mb > memory_mb:
            return f"out of memory (over {memory_mb} MB)"
        return f"crashed (signal {child.signal}: {signal_name(child.signal)})"
    if status.get("phase") == "import":
        return "the file failed to import"
    if child.exit_code not in (0, None):
        return f"crashed (exit status {child.exit_code})"
    return "no result: the program exited before finishing (did it call exit()?)"


def _captured(folder: Path) -> str:
    parts = []
    for name in ("stdout.txt", "stderr.txt"):
        path = folder / name
        if path.is_file():
            with open(path, "rb") as f:
                text = f.read(OUTPUT_CAP).decode("utf-8", "replace")
            if text.strip():
                parts.append(text)
    return clean("\n".join(parts)[:OUTPUT_CAP], keep="\n\t")


def _read_status(folder: Path) -> dict:
    try:
        path = folder / "status.json"
        status = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except Exception:  # noqa: BLE001 - forged by the submission: no status then
        return {}
    return status if isinstance(status, dict) else {}


def _only_comments(source: str) -> bool:
    import ast

    try:
        return not ast.parse(source).body
    except SyntaxError:
        return False


def precheck(data: bytes, task: Task, filename: str, seed: Optional[int]) -> Optional[Verdict]:
    """The verdict of a file that cannot run at all (unreadable, a syntax error, no code), else None.

    Needs no sandbox and no torch, so `submit` answers these at once. No inputs were drawn,
    so such a verdict has no seed.
    """
    started = time.monotonic()

    def verdict(name: str, message: str) -> Verdict:
        return Verdict(task.id, filename, False, [CheckResult(name, False, message)], time.monotonic() - started,
                       message, seed=None)

    try:
        text = decode_source(data)
    except SourceError as exc:
        return verdict("read", str(exc))
    try:
        compile(data, filename, "exec")
    except SyntaxError as exc:
        return verdict("syntax", clean(f"syntax error at line {exc.lineno}: {exc.msg}"))
    except ValueError as exc:  # e.g. null bytes
        return verdict("syntax", clean(str(exc)))
    if _only_comments(text):
        return verdict("file", "the file is empty: there is no code to grade")
    return None


def grade_source(source, task: Task, server: ForkServer, *, filename: str = "submission.py",
                 seed: Optional[int] = None, timeout_s: Optional[float] = None,
                 memory_mb: Optional[int] = None, plan: Optional[Plan] = None) -> Verdict:
    """Grade `source` (text, or the file's bytes as submitted) on the plan for `seed`.

    Raises InternalError when the grader itself fails; `grade_file` turns that into a verdict.
    """
    started = time.monotonic()
    timeout_s = task.timeout_s if timeout_s is None else timeout_s
    memory_mb = task.memory_mb if memory_mb is None else memory_mb
    data = source if isinstance(source, bytes) else source.encode("utf-8")
    seed = plan.seed if plan is not None else (draw_seed() if seed is None else seed)
    filename = clean(filename)

    def verdict(results: list[CheckResult], error: str = "", output: str = "") -> Verdict:
        return Verdict(task.id, filename, bool(results) and all(r.passed for r in results), results,
                       time.monotonic() - started, error, output, seed=seed)

    early = precheck(data, task, filename, seed)
    if early is not None:
        return early
    text = source if isinstance(source, str) else decode_source(source)
    plan = plan or make_plan(task, seed)
    scan = forbidden_uses(text, list(task.forbidden))
    folder = server.new_job()
    try:
        (folder / "in" / "submission.py").write_bytes(data)
        plan.write(folder / "in")
        child = server.run(folder, timeout_s, memory_mb)
        if child.error:
            raise InternalError(child.error)
        out = folder / "out"
        status = _read_status(out)
        reason = _missing_reason(child, status, timeout_s, memory_mb)
        results: list[CheckResult] = []
        error = ""
        if status.get("phase") == "import":
            line = status.get("line")
            where = f" (line {line})" if type(line) is int else ""
            error = f"error while importing your file: {_str_or_none(status.get('error'))}{where}"
            results.append(CheckResult("imports", False, error))
        elif child.timed_out or child.signal is not None:
            error = reason
        used = [clean(u) for u in status.get("forbidden_used", []) if isinstance(u, str)] \
            if isinstance(status.get("forbidden_used"), list) else []
        for check in plan.checks:
            outcomes = [_read_outcome(out, call, reason, child.refused) for call in check.calls]
            used += [task_forbidden_hit(o.error) for o in outcomes if o.forbidden and o.error]
            try:
                message = check.judge(outcomes)
            except Exception as exc:  # a judge must survive any shape of result
                message = f"the result could not be checked ({type(exc).__name__}: {exc})"
            results.append(CheckResult(check.name, message is None, clean(message or "")))
        if task.forbidden:
            hits = [f"{api} (line {line})" for line, api in scan] + sorted(set(used) - {a for _, a in scan})
            results.append(CheckResult(
                "no forbidden API", not hits,
                "uses " + ", ".join(dict.fromkeys(hits)) + ", which this task forbids" if hits else ""))
        return verdict(results, error=clean(error), output=_captured(out))
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def task_forbidden_hit(error: str) -> str:
    """`"ForbiddenAPI: torch.softmax is not allowed in this task"` -> `"torch.softmax"`."""
    text = error.split(":", 1)[-1].strip()
    return text.split(" ", 1)[0]


def grade_file(path: Path, server: ForkServer, *, task_id: Optional[str] = None, seed=None,
               timeout_s=None, memory_mb=None, plan: Optional[Plan] = None, data: Optional[bytes] = None) -> Verdict:
    """Grade a file; `task_id` defaults to the file's `# seqprep-task:` header. Never raises for
    a bad file; an internal error of the grader becomes a verdict with `internal=True`."""
    started = time.monotonic()
    name = display_path(path)
    seed = plan.seed if plan is not None else (draw_seed() if seed is None else seed)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        message = f"cannot read the file: {clean(exc.strerror or str(exc))}"
        return Verdict(task_id or "?", name, False, [CheckResult("read", False, message)],
                       time.monotonic() - started, error=message, seed=seed)
    if task_id is None:
        try:
            task_id = task_from_header(decode_source(data))
        except SourceError:
            task_id = None
        if task_id is None:
            raise LookupError(f"{name}: no '# seqprep-task: ID' header; pass --task")
    task = get_task(task_id)
    try:
        return grade_source(data, task, server, filename=name, seed=seed, timeout_s=timeout_s,
                            memory_mb=memory_mb, plan=plan if plan is not None and plan.task.id == task.id else None)
    except Exception as exc:  # noqa: BLE001 - never a traceback: one line, exit code 3
        return internal_verdict(task.id, name, seed, exc, time.monotonic() - started)


def submissions_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.py") if p.is_file())


def grade_dir(folder: Path, task_id: str, server: ForkServer, *, jobs: int = 1, seed=None,
              timeout_s=None, memory_mb=None, progress=None) -> list[Verdict]:
    """Grade every *.py in `folder` with `jobs` submissions in flight; one bad file never stops the rest.

    Every file is read before the first one runs, and all are judged on one plan (one seed).
    """
    from concurrent.futures import ThreadPoolExecutor

    files = submissions_in(folder)
    sources: dict[Path, Optional[bytes]] = {}
    for path in files:
        try:
            sources[path] = path.read_bytes()
        except OSError:
            sources[path] = None  # grade_file reports it
    seed = draw_seed() if seed is None else seed
    try:
        plan = make_plan(get_task(task_id), seed)  # the same hidden inputs for every file of the batch
    except InternalError as exc:
        return [internal_verdict(task_id, display_path(p), seed, exc) for p in files]

    def one(path: Path) -> Verdict:
        try:
            return grade_file(path, server, task_id=task_id, timeout_s=timeout_s, memory_mb=memory_mb,
                              plan=plan, data=sources[path])
        finally:
            if progress is not None:
                progress()

    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        verdicts = list(pool.map(one, files))
    except BaseException:  # Ctrl-C: do not wait here for the running ones; the caller stops the server
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    for verdict in verdicts:  # a file that could not run still belongs to this batch's seed
        verdict.seed = seed if verdict.seed is None else verdict.seed
    return verdicts


def start_server(isolation: bool = True, hidden=()) -> ForkServer:
    """Import torch and fork the warm server before any torch op runs here.

    The grader's own torch work (drawing inputs, running the reference) is small,
    so it runs on one thread: idle OpenMP workers spinning in this process would
    otherwise take CPU from the children being graded.
    """
    import torch

    torch.set_num_threads(1)
    from .sandbox import shared_server

    return shared_server(isolation, hidden)
