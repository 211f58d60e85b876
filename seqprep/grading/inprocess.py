"""Grade trusted code in this process: the fast path of the seed sweeps and the mutation tests.

`seqprep submit` runs a submission in a sandboxed child (`sandbox`, `runner`) and
judges what it wrote (`grader`). Sweeping thousands of seeds over the project's
own solutions and over mutants of its references that way would cost a fork,
a folder and a dozen files per grading. This module evaluates the same calls
in this process instead, through the same code:

* the plan is made as `grader.make_plan` makes it (`grader._Files` turns the
  arguments into the child's specs), its arrays kept in memory rather than
  written to an `.npz`;
* each call runs through `runner._call` (the child's per-call evaluation: the
  arguments loaded from the plan's arrays, modules built and their state
  loaded, gradients and inputs sent back) and is encoded with `codec.encode`;
* the record is decoded with `codec.decode` into an `Outcome`, as the grader
  reads it, so a judge sees exactly the `Outcome` it sees in real grading;
* forbidden APIs are trapped with `runner.install_traps` while the solution
  runs (and restored afterwards) and scanned with `scan.forbidden_uses`;
* the task's limits are kept: a CPU-time timer (`signal.setitimer`) and
  RLIMIT_DATA set to the memory in use plus the task's `memory_mb`, raised
  back after each check, so a mutant that loops or builds a huge matrix
  fails as it would in the sandbox (glibc's mmap threshold is fixed so that
  freed tensors leave the heap, as they do in a fresh child).

What it does not give: isolation. The solution runs with this process's
rights, so only code the project trusts (its solutions and their mutants) is
graded here. A test grades every solution file both ways and compares the
verdicts check by check.

    >>> plan = prepare(get_task("softmax"), seed=0)                   # doctest: +SKIP
    >>> grade(load_solution(source, "right_reference.py"), plan).passed  # doctest: +SKIP
    True

A plan is built once per seed (`prepare`) and reused for every solution of
that task. Checks marked `fixed_inputs` (inputs that do not depend on the
seed, e.g. the tiled-attention memory check) are evaluated once per solution
and their outcomes reused on later seeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import resource
import signal
import time
import types
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np

from . import runner
from .catalog import Task
from .checks import Check, Outcome
from .codec import decode
from .grader import CheckResult, task_forbidden_hit
from .scan import forbidden_uses

SUBMISSION = runner.SUBMISSION


class _Timeout(BaseException):
    """Raised by the timer in the middle of a solution's call."""


@dataclass
class Solution:
    """A solution's module, loaded once and graded on many plans."""

    name: str
    source: str
    module: Optional[types.ModuleType]
    import_error: Optional[dict] = None        # runner._describe() of an exception at import
    used: list = field(default_factory=list)   # forbidden APIs its import-time captures hit
    cache: dict = field(default_factory=dict)  # digest of a fixed-input call -> Outcome
    scans: dict = field(default_factory=dict)  # forbidden list -> scan.forbidden_uses of the source

    def scan(self, forbidden: tuple) -> list:
        if forbidden not in self.scans:
            self.scans[forbidden] = forbidden_uses(self.source, list(forbidden))
        return self.scans[forbidden]


@dataclass
class Prepared:
    """One seed's plan in the form the in-process runner needs, decoded once."""

    task: Task
    seed: int
    checks: list[Check]
    calls: dict[str, dict]                     # call id -> the call as the child receives it
    inputs: dict[str, np.ndarray]
    fixed: dict[str, str]                      # call id -> digest, for calls of fixed_inputs checks


@dataclass
class Result:
    passed: bool
    checks: list[CheckResult]
    timed_out: bool = False

    def failed(self) -> list[str]:
        return [c.name for c in self.checks if not c.passed]


def prepare(task: Task, seed: int) -> Prepared:
    """Build the task's checks for `seed` and turn their calls into what the child receives.

    The same steps as `grader.make_plan` (`grader.build_checks`, the plan through JSON),
    except that the arrays stay in memory instead of going through an `.npz`, a lossless
    round trip that costs more than building the checks.
    """
    from .grader import build_checks

    checks, files, specs = build_checks(task, seed)
    spec = json.loads(json.dumps({"forbidden": list(task.forbidden), "calls": specs}))
    calls = {call["id"]: call for call in spec["calls"]}
    fixed = {}
    for check in checks:
        if getattr(check, "fixed_inputs", False):
            for call in check.calls:
                fixed[call.id] = _digest(calls[call.id], files.arrays)
    return Prepared(task, seed, checks, calls, files.arrays, fixed)


_ARRAY_KEYS = ("array", "bytes", "weight", "grad_seed")


def _digest(call: dict, inputs: dict) -> str:
    """A content hash of a call: its spec without the id, with every array name replaced by
    the array's dtype, shape and bytes (the names `in_<n>` depend on the rest of the plan)."""
    h = hashlib.sha1()

    def canonical(value, key=None):
        if isinstance(value, str) and key in _ARRAY_KEYS + ("state",) and value in inputs:
            array = np.ascontiguousarray(inputs[value])
            h.update(f"{array.dtype}{array.shape}".encode())
            h.update(array.tobytes())
            return "<array>"
        if isinstance(value, dict):
            return {k: canonical(v, "state" if key == "state" else k) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return [canonical(v) for v in value]
        return value

    spec = canonical({k: v for k, v in call.items() if k != "id"})
    h.update(json.dumps(spec, sort_keys=True).encode())
    return h.hexdigest()


@contextlib.contextmanager
def _traps(forbidden: list[str], used: list):
    """runner.install_traps for the duration of the block; the originals are put back after."""
    import importlib

    saved = []
    for dotted in forbidden:
        owner_path, _, attr = dotted.rpartition(".")
        try:
            owner = importlib.import_module(owner_path.split(".")[0])
            for part in owner_path.split(".")[1:]:
                owner = getattr(owner, part)
        except (ImportError, AttributeError):
            continue
        if hasattr(owner, attr):
            own = attr in getattr(owner, "__dict__", {})
            saved.append((owner, attr, owner.__dict__[attr] if own else getattr(owner, attr), own))
    runner.install_traps(forbidden, used)
    try:
        yield
    finally:
        for owner, attr, original, own in reversed(saved):
            try:
                if own:
                    setattr(owner, attr, original)
                else:
                    delattr(owner, attr)
            except (AttributeError, TypeError):
                pass


def _vm_data_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


_MALLOC_FIXED = False


def _fix_mmap_threshold() -> None:
    """Make glibc serve every allocation over 128 KiB by mmap, and unmap it when freed.

    By default glibc raises that threshold after large frees, so a long-running process
    (a test session that has graded thousands of plans) keeps freed tensors in its heap
    and reaches the memory limit far sooner than a fresh sandboxed child would. Fixing
    the threshold makes the in-process limit measure what a solution really holds.
    """
    global _MALLOC_FIXED
    if _MALLOC_FIXED:
        return
    _MALLOC_FIXED = True
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(-3, 128 * 1024)   # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def _limits(timeout_s: float, memory_mb: Optional[int]):
    """A CPU-time timer that raises _Timeout, and RLIMIT_DATA at (in use + memory_mb).

    The timer counts this process's CPU time (ITIMER_PROF), not the wall clock, so
    other processes on a loaded machine cannot make a solution time out.
    """

    def expired(signum, frame):
        raise _Timeout()

    _fix_mmap_threshold()
    old_handler = signal.signal(signal.SIGPROF, expired)
    old_data = resource.getrlimit(resource.RLIMIT_DATA)
    if memory_mb is not None:
        soft = _vm_data_bytes() + memory_mb * 2**20
        hard = old_data[1]
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
    signal.setitimer(signal.ITIMER_PROF, timeout_s)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old_handler)
        resource.setrlimit(resource.RLIMIT_DATA, old_data)


def load_solution(source: str, name: str, forbidden: tuple = ()) -> Solution:
    """Execute a solution's source as a module named like the child's (`submission.py`).

    The file name matters: `runner` reports the line of an error by looking for
    frames of `submission.py`.
    """
    solution = Solution(name, source, None)
    module = types.ModuleType("submission")
    module.__file__ = SUBMISSION
    try:
        code = compile(source, SUBMISSION, "exec")
        with _traps(list(forbidden), solution.used), contextlib.redirect_stdout(io.StringIO()):
            exec(code, module.__dict__)  # noqa: S102 - the project's own trusted code
    except BaseException as exc:  # noqa: BLE001 - a failing import is a verdict, as in the child
        solution.import_error = runner._describe(exc)
        return solution
    solution.module = module
    return solution


def outcome_from_record(record: dict, arrays: dict) -> Outcome:
    """What the grader builds from a call's `out_<id>.json` and `.npz` (see `grader._read_outcome`).

    `record` is what `runner._call` returns: `codec.encode` makes only dicts with str keys,
    lists, str, numbers and None, so a trip through JSON would give it back unchanged.
    """
    data = record
    error = data.get("error")
    outcome = Outcome(ran=True, error=error[:400] if isinstance(error, str) else None,
                      line=data.get("line") if type(data.get("line")) is int else None,
                      oom=data.get("oom") is True, forbidden=data.get("forbidden") is True,
                      missing=data.get("missing") is True)
    try:
        if "result" in data:
            outcome.result = decode(data["result"], arrays)
        if data.get("grads") is not None:
            outcome.grads = [None if g is None else decode(g, arrays) for g in data["grads"]]
        if data.get("params_grads") is not None:
            outcome.params_grads = {str(k): decode(v, arrays) for k, v in data["params_grads"].items()}
        if data.get("inputs_after") is not None:
            outcome.inputs_after = [decode(a, arrays) for a in data["inputs_after"]]
    except (ValueError, KeyError, TypeError) as exc:
        return Outcome(ran=True, error=f"its result could not be read ({exc})")
    if isinstance(data.get("structure"), dict):
        outcome.structure = data["structure"]
    if outcome.error is None and "result" not in data:
        outcome.error = "no result was recorded"
    return outcome


def _evaluate(solution: Solution, plan: Prepared, call_ids: list, budget_s: float, memory_mb: Optional[int],
              used: list) -> dict[str, Outcome]:
    """Run the calls (all or nothing of a check) under the traps and limits; at most `budget_s` CPU seconds."""
    outcomes: dict[str, Outcome] = {}
    pending = []
    for call_id in call_ids:
        digest = plan.fixed.get(call_id)
        if digest is not None and digest in solution.cache:
            outcomes[call_id] = solution.cache[digest]
        else:
            pending.append(call_id)
    if not pending:
        return outcomes
    timed_out = budget_s <= 0
    if not timed_out:
        with _traps(list(plan.task.forbidden), used), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the child's warnings go to its stderr, not to the grader
            try:
                with _limits(budget_s, memory_mb):
                    for call_id in pending:
                        arrays: dict = {}
                        try:
                            record = runner._call(solution.module, plan.calls[call_id], plan.inputs, arrays)
                        except _Timeout:
                            raise
                        except BaseException as exc:  # noqa: BLE001 - as runner.run does
                            record = runner._describe(exc)
                        arrays = {k: np.array(v, copy=True) for k, v in arrays.items()}
                        outcomes[call_id] = outcome_from_record(record, arrays)
            except _Timeout:
                timed_out = True
    for call_id in pending:
        if call_id not in outcomes:
            outcomes[call_id] = Outcome(ran=False, not_run_reason="timeout" if timed_out else "it was not run")
        elif call_id in plan.fixed and not timed_out:
            solution.cache[plan.fixed[call_id]] = outcomes[call_id]
    return outcomes


FORBIDDEN_CHECK = "no forbidden API"


def grade(solution: Solution, plan: Prepared, *, timeout_s: Optional[float] = None,
          memory_mb: Optional[int] = -1, skip_fixed: bool = False,
          only: Optional[Callable[[str], bool]] = None, first_failure: bool = False) -> Result:
    """Judge `solution` on one prepared plan, with the verdict rules of `grader.grade_source`.

    `timeout_s` is the CPU time the whole grading may take (the task's timeout by default);
    `memory_mb` defaults to the task's (None: no limit). Shortcuts for the sweeps, each of
    which only ever leaves work out:
    `skip_fixed` leaves the checks marked `fixed_inputs` out (and does not run their calls);
    `only(check name)` picks the checks to run and judge (a wrong solution's `expect-fail`
    checks: failing any one check is enough to fail); `first_failure` stops at the first
    failed check (a mutant is rejected as soon as one check fails). The checks are run one
    after the other, each call in the plan's order, as in the child.
    """
    task = plan.task
    timeout_s = task.timeout_s if timeout_s is None else timeout_s
    memory_mb = task.memory_mb if memory_mb == -1 else memory_mb
    selected = [c for c in plan.checks if not (skip_fixed and c.fixed_inputs) and (only is None or only(c.name))]
    results: list[CheckResult] = []
    used = list(solution.used)
    if solution.module is None:
        error = solution.import_error or {}
        line = error.get("line")
        where = f" (line {line})" if type(line) is int else ""
        results.append(CheckResult("imports", False, f"error while importing your file: {error.get('error')}{where}"))
        used += list(error.get("forbidden_used", []))
    spent = 0.0
    timed_out = False
    for check in selected:
        if solution.module is None:
            outcomes = {}
        else:
            started = time.process_time()
            outcomes = _evaluate(solution, plan, [call.id for call in check.calls], timeout_s - spent, memory_mb, used)
            spent += time.process_time() - started
        check_outcomes = []
        for call in check.calls:
            outcome = outcomes.get(call.id) or Outcome(ran=False, not_run_reason="the file failed to import")
            if not outcome.ran and outcome.not_run_reason == "timeout":
                timed_out = True
                outcome = Outcome(ran=False, not_run_reason=f"timeout: stopped after {timeout_s:g} s")
            check_outcomes.append(outcome)
        used += [task_forbidden_hit(o.error) for o in check_outcomes if o.forbidden and o.error]
        try:
            message = check.judge(check_outcomes)
        except Exception as exc:  # noqa: BLE001 - as in grader.grade_source
            message = f"the result could not be checked ({type(exc).__name__}: {exc})"
        results.append(CheckResult(check.name, message is None, message or ""))
        if first_failure and message is not None:
            return Result(False, results, timed_out)
    if task.forbidden and (only is None or only(FORBIDDEN_CHECK)):
        scan = solution.scan(tuple(task.forbidden))
        hits = [f"{api} (line {line})" for line, api in scan] + sorted(set(used) - {a for _, a in scan})
        results.append(CheckResult(
            FORBIDDEN_CHECK, not hits,
            "uses " + ", ".join(dict.fromkeys(hits)) + ", which this task forbids" if hits else ""))
    return Result(bool(results) and all(r.passed for r in results), results, timed_out)


__all__ = ["Prepared", "Result", "Solution", "grade", "load_solution", "outcome_from_record", "prepare"]
