"""The tool: cold starts against bare Python, the cost of `seqprep submit`, `seqprep grade --jobs`.

Every command runs as a fresh process from this Python's environment (the
`seqprep` script next to sys.executable, else `python -m seqprep`), with a
temporary SEQPREP_HOME, NO_COLOR=1 and SEQPREP_LANG=en. Each timing is the
wall-clock median of 5 runs after one warm-up run, the commands interleaved
(a b c a b c ...) so that load on a shared machine hits all of them alike.

1. Cold start, as a ratio to `python -c pass`: `seqprep --help` (goal
   <= 5x), `seqprep list --json`, `seqprep stats` and `seqprep quiz --n 1
   --seed 0` until its first prompt appears on stdout (then stdin is closed
   and it exits) (goals <= 10x). The progress store holds 40 reviewed
   questions, as after a few sessions, so `stats` and the quiz read real
   FSRS cards. The bank cache (seqprep/bank.py) is warm, as on every start
   but the first after an edit; `seqprep list --json (cold cache)` deletes it
   before each run and shows that first start. Bytecode is written
   (PYTHONDONTWRITEBYTECODE is dropped), as in a normal install. None of
   these imports torch (tests/test_cli.py checks that).
2. `seqprep submit` of a correct `sdpa` solution
   (tests/grading/solutions/sdpa/right_reference.py) against
   `python -c "import torch"`: the ratio (the grader issue asks for <= 1.15x,
   with every submission in its own namespace sandbox; `settings.sandbox` says
   whether this machine had one). The checks' own compute is measured in a fresh
   `python` that has imported torch: building the hidden checks
   (`checks.load("sdpa").build(rng)`: inputs, reference outputs, reference
   gradients) plus calling the solution on every planned call, backward
   included, in-process: once cold (`compute_cold_ms`, what a submit pays) and
   then warm (median of 5). Judging tiny arrays is left in the overhead.
       overhead = submit - import torch - compute (cold)
   i.e. everything the tool adds: the CLI and bank, the fork server, writing
   and reading the call files, the sandboxed child, the verdict and the
   progress record.
3. `seqprep grade DIR --task sdpa --format json` of 50 copies of that
   solution with --jobs 1 and --jobs 2 (3 runs each, interleaved), and of
   an empty folder (the fixed start-up: torch and the fork server). The cost
   per submission is (wall - empty-folder wall) / 50 at --jobs 1; the grader
   issue asks for at most 1/25 of `import torch`. The speed-up is reported on
   the whole wall time and with the start-up taken out; the issue asks for
   >= 1.6x with --jobs 2 with the start-up taken out.

Quick: 3 runs, 10 submissions, one grade run each; smoke: 1 run, 3 submissions.
"""

from __future__ import annotations

import json
import os
import re
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from seqprep import bench

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "tests" / "grading" / "solutions" / "sdpa" / "right_reference.py"
# The same solution, for an installed wheel (which ships no tests/).
SOLUTION_TEXT = '''# seqprep-task: sdpa
"""The reference: scores, -inf where blocked, softmax over the keys, weighted sum of values."""
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    d_k = q.shape[-1]
    scores = q @ k.transpose(-2, -1) / math.sqrt(d_k)  # (..., Tq, Tk)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # (..., Tq, Tk)
    return weights @ v, weights  # (..., Tq, d_v), (..., Tq, Tk)
'''

# In a fresh interpreter after `import torch`: the checks' own compute, cold then warm.
COMPUTE_SCRIPT = r'''
import json, statistics, sys, time
import torch
import numpy as np
from seqprep.grading import checks
module = checks.load("sdpa")
namespace = {}
exec(compile(open(sys.argv[1], encoding="utf-8").read(), "submission.py", "exec"), namespace)

def once(seed):
    start = time.perf_counter()
    planned = module.build(np.random.default_rng(seed))
    built = time.perf_counter()
    for check in planned:
        for call in check.calls:
            result = namespace[call.fn](*call.args, **call.kwargs)
            if call.grad_seed is not None:
                out = result if call.grad_output is None else result[call.grad_output]
                (out * call.grad_seed).sum().backward()
    done = time.perf_counter()
    return built - start, done - built, sum(len(c.calls) for c in planned), len(planned)

build_s, calls_s, n_calls, n_checks = once(0)
warm = [sum(once(seed)[:2]) for seed in range(1, 6)]
print(json.dumps({"compute_cold_ms": (build_s + calls_s) * 1e3, "build_cold_ms": build_s * 1e3,
                  "calls_cold_ms": calls_s * 1e3, "compute_warm_ms": statistics.median(warm) * 1e3,
                  "calls": n_calls, "checks": n_checks}))
'''


def sizes(quick: bool, smoke: bool) -> dict:
    if smoke:
        return {"repeats": 1, "warmup": False, "submissions": 3, "grade_repeats": 1}
    if quick:
        return {"repeats": 3, "warmup": True, "submissions": 10, "grade_repeats": 1}
    return {"repeats": 5, "warmup": True, "submissions": 50, "grade_repeats": 3}


def seqprep_command() -> list[str]:
    script = Path(sys.executable).with_name("seqprep")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "seqprep"]


def quiz_markers() -> list[bytes]:
    """The English prompts the quiz can stop at first (each kind's own, from seqprep.kinds)."""
    from seqprep.kinds import KINDS

    return [text.encode("utf-8")[:12] for cls in KINDS.values() for text in cls.TEXT["en"].values()
            if text.endswith(":")]


# Start-up goals of the kinds issue, as a ratio to `python -c pass`.
COLD_START_GOALS = {"seqprep --help": 5.0, "seqprep list --json": 10.0, "seqprep stats": 10.0,
                    "seqprep quiz: first prompt": 10.0}


def seed_progress(home: Path, n: int = 40) -> None:
    """`n` questions of the bank reviewed once or twice over the last weeks, into home/progress.db."""
    import random
    from datetime import timedelta

    from seqprep.bank import load_bank
    from seqprep.schedule import Schedule
    from seqprep.store import Store, utcnow

    rng = random.Random(0)
    store, schedule, now = Store(home / "progress.db"), Schedule(), utcnow()
    for q in rng.sample(load_bank().questions, n):
        state = schedule.state(q.id, None)
        for days_ago in sorted(rng.sample(range(1, 30), rng.randint(1, 2)), reverse=True):
            at = now - timedelta(days=days_ago, minutes=rng.randint(0, 600))
            rating = rng.choice([1, 3, 3, 4])
            card = schedule.review(state, rating, at)
            store.add_review(q.id, rating, card.to_dict(), at=at)
            state = schedule.state(q.id, card.to_dict())
    store.close()


class Runner:
    """Times fresh processes in one environment."""

    def __init__(self, home: Path):
        self.env = dict(os.environ, SEQPREP_HOME=str(home), NO_COLOR="1", SEQPREP_LANG="en", COLUMNS="120",
                        PYTHONUTF8="1")
        self.env.pop("SEQPREP_BANK", None)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)  # a normal install keeps its bytecode
        self.env.pop(bench.OUT_ENV, None)

    def timed(self, args: list[str], ok=(0,)) -> float:
        """Wall seconds; the CPU seconds of the command's whole process tree are left in `self.last_cpu_s`."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run(args, env=self.env, capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.last_cpu_s = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        if out.returncode not in ok:
            raise RuntimeError(f"{' '.join(args)} exited {out.returncode}: {out.stderr.decode()[-2000:]}")
        return elapsed

    def until_prompt(self, args: list[str], markers: list[bytes], timeout: float = 60) -> float:
        """Seconds until one of `markers` appears on the command's stdout; then close its stdin."""
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        seen, elapsed = b"", None
        try:
            while elapsed is None:
                ready, _, _ = select.select([proc.stdout], [], [], max(0.0, start + timeout - time.perf_counter()))
                chunk = os.read(proc.stdout.fileno(), 65536) if ready else b""
                if not chunk:
                    raise RuntimeError(f"{' '.join(args)}: no prompt after {time.perf_counter() - start:.1f} s; "
                                       f"output: {seen[-500:]!r} {proc.stderr.read()[-500:] if not ready else b''!r}")
                seen += chunk
                if any(m in seen for m in markers):
                    elapsed = time.perf_counter() - start
        finally:
            proc.communicate(timeout=60)  # closes stdin: the quiz reads end-of-input and exits
        return elapsed


def cold_starts(runner: Runner, s: dict) -> list[dict]:
    seqprep = seqprep_command()
    markers = quiz_markers()
    home = Path(runner.env["SEQPREP_HOME"])
    seed_progress(home)

    def cold_list() -> float:
        shutil.rmtree(home / "cache", ignore_errors=True)
        return runner.timed(seqprep + ["list", "--json"])

    commands = {
        "python -c pass": lambda: runner.timed([sys.executable, "-c", "pass"]),
        "seqprep --help": lambda: runner.timed(seqprep + ["--help"]),
        "seqprep list --json": lambda: runner.timed(seqprep + ["list", "--json"]),
        "seqprep stats": lambda: runner.timed(seqprep + ["stats"]),
        "seqprep quiz: first prompt": lambda: runner.until_prompt(
            seqprep + ["quiz", "--n", "1", "--seed", "0", "--lang", "en"], markers),
        "seqprep list --json (cold cache)": cold_list,
    }
    runner.timed(seqprep + ["list", "--json"])  # the bank cache, as after any first start
    medians = bench.wall_median(commands, s["repeats"], s["warmup"])
    base = medians["python -c pass"]
    rows = []
    for name, t in medians.items():
        goal = COLD_START_GOALS.get(name)
        rows.append({"command": name, "median_ms": t * 1e3, "ratio_vs_python": t / base, "goal_ratio": goal,
                     "goal_met": None if goal is None else t / base <= goal})
    return rows


def instruction_counts(runner: Runner) -> list[dict]:
    """Instructions each start executes (valgrind's callgrind, when installed), as a ratio to
    `python -c pass`: the cold-start comparison without the noise of a shared machine. The
    quiz reads end-of-input at its first prompt and leaves. Empty without valgrind."""
    if shutil.which("valgrind") is None:
        return []
    seqprep = seqprep_command()
    commands = {"python -c pass": [sys.executable, "-c", "pass"], "seqprep --help": seqprep + ["--help"],
                "seqprep list --json": seqprep + ["list", "--json"], "seqprep stats": seqprep + ["stats"],
                "seqprep quiz: first prompt": seqprep + ["quiz", "--n", "1", "--seed", "0", "--lang", "en"]}
    counts = {}
    for name, args in commands.items():
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
                             env=runner.env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        found = re.search(r"Collected : (\d+)", out.stderr)
        if found is None:
            return []
        counts[name] = int(found.group(1))
    base = counts["python -c pass"]
    return [{"command": name, "instructions": n, "ratio_vs_python": n / base} for name, n in counts.items()]


def submit_cost(runner: Runner, s: dict, folder: Path, solution: Path) -> tuple[list[dict], dict]:
    seqprep = seqprep_command()
    torch_cpu: list[float] = []

    def import_torch() -> float:
        elapsed = runner.timed([sys.executable, "-c", "import torch"])
        torch_cpu.append(runner.last_cpu_s)
        return elapsed

    commands = {
        'python -c "import torch"': import_torch,
        "seqprep submit (sdpa, correct)": lambda: runner.timed(seqprep + ["submit", str(solution)]),
    }
    medians = bench.wall_median(commands, s["repeats"], s["warmup"])
    probe = subprocess.run(seqprep + ["submit", str(solution)], env=runner.env, capture_output=True, text=True,
                           timeout=600)
    sandbox = "process (no namespaces here)" if "weaker sandbox" in probe.stderr else "namespaces"
    script = folder / "compute.py"
    script.write_text(COMPUTE_SCRIPT, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(solution)], env=runner.env, capture_output=True,
                         text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"measuring the checks' compute failed: {out.stderr[-2000:]}")
    compute = json.loads(out.stdout.strip().splitlines()[-1])
    torch_ms = medians['python -c "import torch"'] * 1e3
    submit_ms = medians["seqprep submit (sdpa, correct)"] * 1e3
    rows = [{"command": name, "median_ms": t * 1e3} for name, t in medians.items()]
    summary = {"submit_ms": submit_ms, "import_torch_ms": torch_ms, **compute,
               "overhead_ms": submit_ms - torch_ms - compute["compute_cold_ms"],
               "ratio_vs_import_torch": submit_ms / torch_ms, "ratio_goal": 1.15, "sandbox": sandbox,
               "import_torch_cpu_ms": statistics.median(torch_cpu) * 1e3}
    summary["ratio_goal_met"] = summary["ratio_vs_import_torch"] <= 1.15
    return rows, summary


def grade_throughput(runner: Runner, s: dict, folder: Path, solution: Path,
                     import_torch_ms: float, import_torch_cpu_ms: float) -> tuple[list[dict], dict]:
    seqprep = seqprep_command()
    n = s["submissions"]
    batch, empty = folder / "submissions", folder / "empty"
    batch.mkdir()
    empty.mkdir()
    for i in range(n):
        shutil.copy(solution, batch / f"s{i:03d}.py")
    report = folder / "report.json"
    cpu: dict[tuple, list] = {}

    def grade(directory: Path, jobs: int) -> float:
        elapsed = runner.timed(seqprep + ["grade", str(directory), "--task", "sdpa", "--jobs", str(jobs),
                                          "--format", "json", "--out", str(report)])
        cpu.setdefault((directory.name, jobs), []).append(runner.last_cpu_s)
        rows = json.loads(report.read_text(encoding="utf-8"))
        if directory == batch and (len(rows) != n or not all(r["passed"] for r in rows)):
            raise RuntimeError(f"grade --jobs {jobs}: {sum(r['passed'] for r in rows)}/{len(rows)} passed")
        return elapsed

    grade(empty, 1)  # warm-up: the file cache, torch's first import
    medians = bench.wall_median({"empty folder": lambda: grade(empty, 1),
                                 "jobs 1": lambda: grade(batch, 1),
                                 "jobs 2": lambda: grade(batch, 2)}, s["grade_repeats"], warmup=False)
    startup = medians["empty folder"]
    rows = [{"jobs": 1, "submissions": 0, "median_s": startup, "per_submission_ms": None}]
    for jobs in (1, 2):
        wall = medians[f"jobs {jobs}"]
        rows.append({"jobs": jobs, "submissions": n, "median_s": wall,
                     "per_submission_ms": (wall - startup) / n * 1e3})
    summary = {"submissions": n, "startup_s": startup,
               "per_submission_ms": rows[1]["per_submission_ms"],
               "per_submission_goal_ms": import_torch_ms / 25,
               "speedup_jobs2_wall": medians["jobs 1"] / medians["jobs 2"],
               "speedup_jobs2_without_startup": (medians["jobs 1"] - startup) / (medians["jobs 2"] - startup),
               "speedup_goal": 1.6}
    summary["per_submission_goal_met"] = summary["per_submission_ms"] <= summary["per_submission_goal_ms"]
    # CPU time of the whole process tree (grader, server, children) hardly depends on the load
    cpu_ms = {key: statistics.median(values) * 1e3 for key, values in cpu.items()}
    summary["cpu_per_submission_ms"] = (cpu_ms[(batch.name, 1)] - cpu_ms[(empty.name, 1)]) / n
    summary["cpu_per_submission_goal_ms"] = import_torch_cpu_ms / 25
    summary["cpu_per_submission_goal_met"] = summary["cpu_per_submission_ms"] <= summary["cpu_per_submission_goal_ms"]
    summary["speedup_goal_met"] = summary["speedup_jobs2_without_startup"] >= 1.6
    return rows, summary


def run(device: str, quick: bool, smoke: bool = False) -> dict:
    s = sizes(quick, smoke)
    with tempfile.TemporaryDirectory(prefix="seqprep-bench-tool-") as tmp:
        folder = Path(tmp)
        solution = folder / "right_reference.py"
        if SOLUTION.is_file():
            shutil.copy(SOLUTION, solution)
        else:
            solution.write_text(SOLUTION_TEXT, encoding="utf-8")
        runner = Runner(folder / "home")
        rows_cold = cold_starts(runner, s)
        rows_instructions = [] if quick or smoke else instruction_counts(runner)
        rows_submit, submit = submit_cost(runner, s, folder, solution)
        rows_grade, grade = grade_throughput(runner, s, folder, solution, submit["import_torch_ms"],
                                             submit["import_torch_cpu_ms"])
    ratios = {r["command"]: r["ratio_vs_python"] for r in rows_cold}
    instructions = {r["command"]: r["ratio_vs_python"] for r in rows_instructions}
    headline = [
        "cold start / python -c pass: "
        + ", ".join(f"{r['command']} {r['ratio_vs_python']:.1f}x"
                    + (f" (goal <= {r['goal_ratio']:g}x{'' if r['goal_met'] else ', missed'})" if r["goal_ratio"] else "")
                    for r in rows_cold if r["command"] != "python -c pass"),
        f"submit {submit['submit_ms']:.0f} ms = {submit['ratio_vs_import_torch']:.2f}x import torch "
        f"({submit['import_torch_ms']:.0f} ms; goal <= 1.15x; sandbox: {submit['sandbox']}); checks' compute "
        f"{submit['compute_cold_ms']:.0f} ms cold, overhead {submit['overhead_ms']:.0f} ms",
        f"grade: {grade['per_submission_ms']:.1f} ms per submission at --jobs 1 (goal <= 1/25 of import torch = "
        f"{grade['per_submission_goal_ms']:.0f} ms); in CPU time {grade['cpu_per_submission_ms']:.1f} ms (1/25 of "
        f"import torch: {grade['cpu_per_submission_goal_ms']:.0f} ms)",
        f"grade {grade['submissions']} submissions: --jobs 2 is {grade['speedup_jobs2_without_startup']:.2f}x "
        f"faster than --jobs 1 without the {grade['startup_s']:.1f} s start-up (goal >= 1.6x; "
        f"{grade['speedup_jobs2_wall']:.2f}x on the whole wall time)",
    ]
    return {"settings": {**s, "seqprep": " ".join(seqprep_command()), "solution": SOLUTION.name},
            "summary": {"cold_start_ratios": ratios,
                        "cold_start_goals_met": all(r["goal_met"] for r in rows_cold if r["goal_ratio"]),
                        "submit": submit, "grade": grade},
            "headline": headline + ([
                "instructions / python -c pass (callgrind): "
                + ", ".join(f"{k} {v:.1f}x" for k, v in instructions.items() if k != "python -c pass")]
                if instructions else []),
            "rows_cold_start": rows_cold, "rows_instructions": rows_instructions, "rows_submit": rows_submit,
            "rows_grade": rows_grade}
