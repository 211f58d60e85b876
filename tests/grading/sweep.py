"""Seed sweeps of the project's own solutions, in-process (`seqprep.grading.inprocess`).

A task's hidden checks are built once per seed and every solution file of the
task is graded on that plan, so a sweep of S seeds over N files costs S builds
and S x N in-process gradings (no fork, no files).

    files under tests/grading/solutions/<task>/:
      right_*.py   must pass every check on every seed;
      wrong_*.py   must fail on every seed, and its `# expect-fail: <text>` lines name checks
                   (by a piece of their name) that must be among the failed ones on every seed.
                   Only those checks are run for it: failing one of them fails the verdict,
                   so this proves the verdict and costs a fraction of a full grading.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SOLUTIONS = Path(__file__).resolve().parent / "solutions"
EXPECT = re.compile(r"^# expect-fail: (.+)$", re.M)


def solution_files(task_id: str, prefix: str = "") -> list[Path]:
    folder = SOLUTIONS / task_id
    return sorted(p for p in folder.glob(f"{prefix}*.py") if p.name.startswith(("right_", "wrong_")))


def expected_failures(path: Path) -> list[str]:
    return [piece.strip() for piece in EXPECT.findall(path.read_text(encoding="utf-8"))]


@dataclass
class SweepReport:
    task: str
    seeds_built: int = 0
    seeds_graded: int = 0
    problems: dict = field(default_factory=dict)     # file or "build" -> [(seed, what), ...]
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    def add(self, key: str, seed: int, what: str) -> None:
        self.problems.setdefault(key, []).append((seed, what))

    def summary(self, limit: int = 3) -> str:
        lines = []
        for key, items in self.problems.items():
            seeds = [s for s, _ in items]
            lines.append(f"{self.task}/{key}: {len(items)} seeds, e.g. seeds {seeds[:8]}")
            lines += [f"    seed {s}: {w}" for s, w in items[:limit]]
        return "\n".join(lines)


def sweep(task_id: str, *, graded_seeds: int, built_seeds: int) -> SweepReport:
    """Build the checks for seeds 0 .. built_seeds - 1; grade every solution on the first graded_seeds."""
    import torch

    from seqprep.grading import checks as checks_pkg
    from seqprep.grading import inprocess
    from seqprep.grading.catalog import get_task

    torch.set_num_threads(1)
    started, cpu = time.monotonic(), time.process_time()
    task = get_task(task_id)
    report = SweepReport(task_id)
    paths = solution_files(task_id)
    solutions = [(p.name, expected_failures(p), inprocess.load_solution(p.read_text(encoding="utf-8"), p.name,
                                                                        task.forbidden)) for p in paths]
    module = checks_pkg.load(task_id)
    for seed in range(built_seeds):
        try:
            if seed < graded_seeds:
                plan = inprocess.prepare(task, seed)   # build + serialize, as make_plan does
            else:
                module.build(np.random.default_rng(seed))
                continue
        except Exception as exc:  # noqa: BLE001 - the report says which seed and why
            report.add("build", seed, f"{type(exc).__name__}: {exc}")
            continue
        finally:
            report.seeds_built += 1
        report.seeds_graded += 1
        names = [c.name for c in plan.checks] + ([inprocess.FORBIDDEN_CHECK] if task.forbidden else [])
        for name, expected, solution in solutions:
            if name.startswith("right_"):
                verdict = inprocess.grade(solution, plan)
                if not verdict.passed:
                    first = next((c for c in verdict.checks if not c.passed), None)
                    report.add(name, seed, f"failed {first.name!r}: {first.message}" if first else "no checks")
                continue
            # a wrong solution: only its expect-fail checks are run; one failed check fails the verdict
            unknown = [piece for piece in expected if not any(piece in n for n in names)]
            if unknown:
                report.add(name, seed, f"no check is named like {unknown}")
                continue
            verdict = inprocess.grade(solution, plan, only=lambda n, e=expected: any(piece in n for piece in e))
            failed = [c.name for c in verdict.checks if not c.passed]
            missing = [piece for piece in expected if not any(piece in f for f in failed)]
            if not failed:
                report.add(name, seed, f"a wrong solution passed the checks {expected}")
            elif missing:
                report.add(name, seed, f"did not fail {missing}; failed {failed}")
    report.seconds = time.monotonic() - started
    report.cpu_seconds = time.process_time() - cpu
    return report


# --- running the slow jobs on every core while the rest of the suite goes on ---------------------

JOBS = {
    # test function name -> (module, function) computing its result for one task
    "test_every_seed": ("sweep", "sweep_job"),
    "test_every_mutant_is_killed_or_equivalent": ("mutate", "score_task"),
}
_pool = None
_futures: dict = {}


def sweep_job(task_id: str) -> SweepReport:
    from test_solutions import BUILT_SEEDS, GRADED_SEEDS

    return sweep(task_id, graded_seeds=GRADED_SEEDS, built_seeds=BUILT_SEEDS)


def _workers() -> int:
    import os

    return max(1, min(len(os.sched_getaffinity(0)), 8))


def _submit(name: str, task_id: str):
    global _pool
    import atexit
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    key = (name, task_id)
    if key not in _futures:
        if _pool is None:
            # spawn, not fork: a forked child of a process that has run torch ops can deadlock
            _pool = ProcessPoolExecutor(_workers(), mp_context=multiprocessing.get_context("spawn"))
            atexit.register(_pool.shutdown, wait=True, cancel_futures=True)
        module, function = JOBS[name]
        _futures[key] = _pool.submit(_call, module, function, task_id)
    return _futures[key]


def _call(module: str, function: str, task_id: str):
    import importlib

    return getattr(importlib.import_module(module), function)(task_id)


def start_all(session) -> None:
    """Submit the job of every selected slow test (the selection is known once pytest has collected),
    so they run on all cores while pytest goes on with other tests."""
    for item in session.items:
        name = getattr(item, "originalname", None)
        params = getattr(getattr(item, "callspec", None), "params", {})
        if name in JOBS and "task_id" in params:
            _submit(name, params["task_id"])


def result(request, task_id: str):
    """This test's result, computed in a worker process (started by `start_all` at the latest now)."""
    start_all(request.session)
    return _submit(request.node.originalname, task_id).result()
