"""Grade one submission: plan the hidden calls, run them in the sandbox, judge.

The verdict is decided here, in the grader's process, from data the child
wrote; the child's exit status only explains why a result is missing. A
submission that never gets to produce a result fails with one clear line:
"syntax error at line L", "timeout", "out of memory", "crashed (signal N)".
"""

from __future__ import annotations

import io
import json
import secrets
import shutil
import tempfile
import time
import zipfile
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
from .scan import forbidden_uses

OUTPUT_CAP = 4096
HEADER = "# seqprep-task:"


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

    def to_json(self) -> dict:
        return {"task": self.task, "file": self.file, "passed": self.passed,
                "checks": [asdict(c) for c in self.checks], "elapsed_s": round(self.elapsed_s, 3)}


def task_from_header(source: str) -> Optional[str]:
    for line in source.splitlines()[:20]:
        if line.strip().startswith(HEADER):
            return line.split(":", 1)[1].strip() or None
    return None


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
            name = self._add(value.detach().cpu().numpy())
            return {"array": name, "torch": True, "requires_grad": bool(value.requires_grad)}
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

    def write(self, folder: Path) -> None:
        (folder / "inputs.npz").write_bytes(self.inputs_npz)
        (folder / "plan.json").write_bytes(self.plan_json)


def make_plan(task: Task, seed: Optional[int] = None) -> Plan:
    rng = np.random.default_rng(secrets.randbits(64) if seed is None else seed)
    checks: list[Check] = checks_pkg.load(task.id).build(rng)
    files = _Files()
    calls = []
    for i, check in enumerate(checks):
        for j, call in enumerate(check.calls):
            call.id = f"c{i}_{j}"
            calls.append(files.call(call))
    plan_json = json.dumps({"forbidden": list(task.forbidden), "calls": calls}).encode()
    buffer = io.BytesIO()
    np.savez(buffer, **files.arrays)
    return Plan(task, checks, buffer.getvalue(), plan_json)


def _read_outcome(folder: Path, call: Call, reason: str) -> Outcome:
    path = folder / f"out_{call.id}.json"
    if not path.is_file():
        return Outcome(ran=False, not_run_reason=reason)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
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
    except (ValueError, OSError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        return Outcome(ran=True, error=f"its result could not be read ({exc})")


def _str_or_none(value: Any) -> Optional[str]:
    return value[:400] if isinstance(value, str) else None


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
    return "\n".join(parts)[:OUTPUT_CAP]


def grade_source(source: str, task: Task, server: ForkServer, *, filename: str = "submission.py",
                 seed: Optional[int] = None, timeout_s: Optional[float] = None,
                 memory_mb: Optional[int] = None, plan: Optional[Plan] = None) -> Verdict:
    started = time.monotonic()
    timeout_s = task.timeout_s if timeout_s is None else timeout_s
    memory_mb = task.memory_mb if memory_mb is None else memory_mb

    def verdict(results: list[CheckResult], error: str = "", output: str = "") -> Verdict:
        return Verdict(task.id, filename, bool(results) and all(r.passed for r in results), results,
                       time.monotonic() - started, error, output)

    try:
        compile(source, filename, "exec")
    except SyntaxError as exc:
        message = f"syntax error at line {exc.lineno}: {exc.msg}"
        return verdict([CheckResult("syntax", False, message)], error=message)
    except ValueError as exc:  # e.g. null bytes
        return verdict([CheckResult("syntax", False, str(exc))], error=str(exc))

    plan = plan or make_plan(task, seed)
    planned = plan.checks
    scan = forbidden_uses(source, list(task.forbidden))
    folder = Path(tempfile.mkdtemp(prefix="seqprep-grade-"))
    try:
        (folder / "submission.py").write_text(source, encoding="utf-8")
        plan.write(folder)
        child = server.run(folder, timeout_s, memory_mb)
        status_path = folder / "status.json"
        try:
            status = json.loads(status_path.read_text(encoding="utf-8")) if status_path.is_file() else {}
            status = status if isinstance(status, dict) else {}
        except ValueError:
            status = {}
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
        used = [u for u in status.get("forbidden_used", []) if isinstance(u, str)]
        for check in planned:
            outcomes = [_read_outcome(folder, call, reason) for call in check.calls]
            used += [task_forbidden_hit(o.error) for o in outcomes if o.forbidden and o.error]
            try:
                message = check.judge(outcomes)
            except Exception as exc:  # a judge must survive any shape of result
                message = f"the result could not be checked ({type(exc).__name__}: {exc})"
            results.append(CheckResult(check.name, message is None, message or ""))
        if task.forbidden:
            hits = [f"{api} (line {line})" for line, api in scan] + sorted(set(used) - {a for _, a in scan})
            results.append(CheckResult(
                "no forbidden API", not hits,
                "uses " + ", ".join(dict.fromkeys(hits)) + ", which this task forbids" if hits else ""))
        return verdict(results, error=error, output=_captured(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def task_forbidden_hit(error: str) -> str:
    """`"ForbiddenAPI: torch.softmax is not allowed in this task"` -> `"torch.softmax"`."""
    text = error.split(":", 1)[-1].strip()
    return text.split(" ", 1)[0]


def grade_file(path: Path, server: ForkServer, *, task_id: Optional[str] = None, seed=None,
               timeout_s=None, memory_mb=None, plan: Optional[Plan] = None) -> Verdict:
    """Grade a file; `task_id` defaults to the file's `# seqprep-task:` header."""
    started = time.monotonic()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read the file: {exc}"
        return Verdict(task_id or "?", str(path), False, [CheckResult("read", False, message)],
                       time.monotonic() - started, error=message)
    task_id = task_id or task_from_header(source)
    if task_id is None:
        raise LookupError(f"{path}: no '# seqprep-task: ID' header; pass --task")
    task = get_task(task_id)
    return grade_source(source, task, server, filename=str(path), seed=seed, timeout_s=timeout_s,
                        memory_mb=memory_mb, plan=plan if plan is not None and plan.task.id == task.id else None)


def grade_dir(folder: Path, task_id: str, server: ForkServer, *, jobs: int = 1, seed=None,
              timeout_s=None, memory_mb=None, progress=None) -> list[Verdict]:
    """Grade every *.py in `folder` with `jobs` submissions in flight; one bad file never stops the rest."""
    from concurrent.futures import ThreadPoolExecutor

    files = sorted(p for p in folder.glob("*.py") if p.is_file())
    plan = make_plan(get_task(task_id), seed)  # the same hidden inputs for every file of the batch

    def one(path: Path) -> Verdict:
        try:
            return grade_file(path, server, task_id=task_id, timeout_s=timeout_s, memory_mb=memory_mb,
                              plan=plan)
        except Exception as exc:  # noqa: BLE001 - one bad submission never stops the batch
            return Verdict(task_id, str(path), False, [CheckResult("grader", False, str(exc))], 0.0,
                           error=f"grader error: {exc}")
        finally:
            if progress is not None:
                progress()

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, files))


def start_server() -> ForkServer:
    """Import torch and fork the warm server before any torch op runs here.

    The grader's own torch work (drawing inputs, running the reference) is small,
    so it runs on one thread: idle OpenMP workers spinning in this process would
    otherwise take CPU from the children being graded.
    """
    import torch

    torch.set_num_threads(1)
    from .sandbox import shared_server

    return shared_server()
