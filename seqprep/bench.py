"""`seqprep bench`: find the benchmarks, run them, record the machine, write JSON and a table.

Each benchmark is one module in `benchmarks/` (shipped inside the wheel as
`seqprep/benchmarks/`) with a docstring and

    run(device: str, quick: bool, smoke: bool = False) -> dict   # {"rows": [...], "summary": {...}, ...}

`run(["tokenizers"], quick=True)` writes `benchmarks/results/tokenizers-quick.json`:

    {"benchmark": "tokenizers", "mode": "quick", "device": "cpu",
     "timestamp_utc": "2026-01-01T12:00:00Z", "duration_s": 41.2,
     "machine": {"cpu_model": "AMD EPYC", "logical_cores": 2, "torch_threads": 2, ...},
     "settings": {...}, "summary": {...}, "rows": [{...}, ...], "notes": [...]}

and regenerates the table in `benchmarks/README.md` between the two markers
below from every full-run JSON in `benchmarks/results/` (quick and smoke
runs get a `-quick` / `-smoke` suffix and stay out of the table). From an
installed wheel, or with SEQPREP_BENCH_OUT=DIR, the JSON and a `results.md`
table go to that folder instead (`./benchmarks-results/` by default).

Helpers the benchmarks share live here too: `measure` (median wall time,
synchronising CUDA), `cuda_peak_mb`, and `rss_peaks_mb` (peak resident-set
growth of one call, measured in a child process; see its docstring).
"""

from __future__ import annotations

import ast
import gc
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Optional

RESULTS_START = "<!-- results:start -->"
RESULTS_END = "<!-- results:end -->"
OUT_ENV = "SEQPREP_BENCH_OUT"          # write JSON + results.md here instead of benchmarks/results/
THREADS_ENV = "SEQPREP_BENCH_THREADS"  # torch threads (default: what torch picks, i.e. the cores)
WHEEL_OUT = "benchmarks-results"
SLOW_CALL_S = 2.0                      # a call this slow counts its first run as a repeat


class BenchError(Exception):
    """A user error: unknown benchmark, no CUDA, no benchmarks folder."""


# --- discovery ----------------------------------------------------------------------------

def benchmarks_dir() -> tuple[Path, bool]:
    """(folder, installed): `seqprep/benchmarks/` in a wheel, else the checkout's `benchmarks/`."""
    package = Path(__file__).resolve().parent
    shipped = package / "benchmarks"
    if any(p.name != "__init__.py" for p in shipped.glob("*.py")):
        return shipped, True
    checkout = package.parent / "benchmarks"
    if checkout.is_dir():
        return checkout, False
    raise BenchError(f"no benchmarks found (looked in {shipped} and {checkout})")


def _module_files() -> dict[str, Path]:
    folder, _ = benchmarks_dir()
    return {p.stem: p for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")}


def available() -> dict[str, str]:
    """{name: first line of its docstring}, read without importing (no torch)."""
    out = {}
    for name, path in _module_files().items():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        out[name] = doc.strip().splitlines()[0] if doc.strip() else ""
    return out


def _load_file(path: Path):
    spec = importlib.util.spec_from_file_location(f"seqprep_bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load(name: str):
    """The benchmark module `name`, imported from its file."""
    files = _module_files()
    if name not in files:
        raise BenchError(f"unknown benchmark '{name}' (available: {', '.join(files)})")
    return _load_file(files[name])


# --- where results go ---------------------------------------------------------------------

def results_dir(out_dir: Optional[Path] = None) -> tuple[Path, Optional[Path]]:
    """(folder for JSON, README whose table to regenerate or None).

    Explicit `out_dir` or SEQPREP_BENCH_OUT: that folder, table in its results.md.
    A checkout: benchmarks/results/, table in benchmarks/README.md.
    A wheel: ./benchmarks-results/, table in its results.md.
    """
    if out_dir is None and os.environ.get(OUT_ENV):
        out_dir = Path(os.environ[OUT_ENV])
    if out_dir is not None:
        return Path(out_dir), None
    folder, installed = benchmarks_dir()
    if installed:
        return Path.cwd() / WHEEL_OUT, None
    return folder / "results", folder / "README.md"


def result_name(name: str, device: str, mode: str) -> str:
    """`result_name("tokenizers", "cuda", "quick") -> "tokenizers-cuda-quick.json"`."""
    return name + ("-cuda" if device == "cuda" else "") + ("" if mode == "full" else f"-{mode}") + ".json"


# --- the machine --------------------------------------------------------------------------

def _proc_field(path: str, key: str) -> Optional[str]:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _version(dist: str) -> Optional[str]:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine(device: str) -> dict:
    """CPU model, cores, memory, versions and the device the numbers came from."""
    import torch

    mem_kb = _proc_field("/proc/meminfo", "MemTotal")
    record = {
        "cpu_model": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": round(int(mem_kb.split()[0]) / 2**20, 1) if mem_kb else None,
        "torch_threads": torch.get_num_threads(),
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": _version("numpy"),
        "sentencepiece": _version("sentencepiece"),
        "device": device,
    }
    if device == "cuda":
        props = torch.cuda.get_device_properties(0)
        record.update(device_name=props.name, cuda=torch.version.cuda,
                      gpu_memory_gib=round(props.total_memory / 2**30, 1))
    else:
        record["device_name"] = record["cpu_model"]
    return record


def set_threads() -> int:
    """torch threads for the whole run: SEQPREP_BENCH_THREADS, else torch's default."""
    import torch

    wanted = os.environ.get(THREADS_ENV)
    if wanted:
        torch.set_num_threads(int(wanted))
    return torch.get_num_threads()


# --- timing and memory helpers for the benchmarks -----------------------------------------

def _sync(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()


def measure(fn: Callable[[], Any], device: str = "cpu", repeats: int = 3, min_run_time: float = 0.3) -> dict:
    """Median wall time of `fn()` in ms: {"median_ms", "runs", "first_ms"}.

    One warm-up call is timed on its own (`first_ms`). A fast call (repeats of
    it fit in `min_run_time`) is then measured by
    `torch.utils.benchmark.Timer.blocked_autorange`, which repeats it for at
    least `min_run_time` s; a slow one by `repeats` timed calls, where a call
    longer than SLOW_CALL_S also counts its first run as one of the repeats.
    CUDA is synchronised before every clock read.
    """
    import torch
    from torch.utils import benchmark

    _sync(device)
    start = time.perf_counter()
    fn()
    _sync(device)
    first = time.perf_counter() - start
    if first * repeats < min_run_time:
        timer = benchmark.Timer(stmt="fn()", globals={"fn": fn}, num_threads=torch.get_num_threads())
        m = timer.blocked_autorange(min_run_time=min_run_time)  # synchronises CUDA itself
        return {"median_ms": m.median * 1e3, "runs": len(m.raw_times) * m.number_per_run,
                "first_ms": first * 1e3}
    times = [first] if first >= SLOW_CALL_S else []
    while len(times) < repeats:
        _sync(device)
        start = time.perf_counter()
        fn()
        _sync(device)
        times.append(time.perf_counter() - start)
    return {"median_ms": statistics.median(times) * 1e3, "runs": len(times), "first_ms": first * 1e3}


def wall_median(commands: dict[str, Callable[[], float]], repeats: int, warmup: bool = True) -> dict:
    """Median seconds of each zero-arg timing function, run interleaved (a b c a b c ...)
    so that a burst of load on a shared machine hits all of them alike."""
    if warmup:
        for run in commands.values():
            run()
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, run in commands.items():
            times[name].append(run())
    return {name: statistics.median(t) for name, t in times.items()}


def cuda_peak_mb(fn: Callable[[], Any]) -> float:
    """Peak CUDA memory of one call above what was allocated before it (MiB)."""
    import torch

    torch.cuda.synchronize()
    gc.collect()
    torch.cuda.reset_peak_memory_stats()
    before = torch.cuda.memory_allocated()
    fn()
    torch.cuda.synchronize()
    return (torch.cuda.max_memory_allocated() - before) / 2**20


def _status_kb(key: str) -> int:
    value = _proc_field("/proc/self/status", key)
    return int(value.split()[0]) if value else 0


def _can_reset_peak() -> bool:
    """Linux resets VmHWM (peak RSS) when "5" is written to /proc/self/clear_refs."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def rss_growth_mb(fn: Callable[[], Any]) -> float:
    """In a child: VmHWM after one call minus VmRSS before it (MiB), after resetting VmHWM."""
    gc.collect()
    _can_reset_peak()
    before = _status_kb("VmRSS:")
    fn()
    return (_status_kb("VmHWM:") - before) / 1024


def rss_peaks_mb(module_file: str, configs: list[dict]) -> tuple[list[Optional[float]], str]:
    """Peak memory of one CPU call per config: (MiB per config, how it was measured).

    torch's CPU allocator keeps no statistics, so this measures the resident
    set: a fresh `python -m seqprep.bench` child builds each config with the
    benchmark's `make_step(**config)` (inputs and parameters: not counted),
    resets the peak (VmHWM), makes the call once and reports VmHWM - VmRSS
    before the call. The child runs with MALLOC_MMAP_THRESHOLD_=65536, so every
    tensor over 64 KiB gets its own mapping and is returned to the OS when
    freed: what one config freed cannot hide in malloc's pool and shrink the
    next one's growth. The first config of each kind (same keys but T) runs
    once unmeasured first, so one-time buffers (thread pools, BLAS scratch)
    are charged to nobody. Where the peak
    cannot be reset, each config gets its own child; without /proc, None.
    """
    if not configs:
        return [], "none"
    if not Path("/proc/self/status").exists():
        return [None] * len(configs), "unavailable (no /proc)"
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="65536", PYTHONUNBUFFERED="1")
    import torch

    env[THREADS_ENV] = str(torch.get_num_threads())
    batches = [configs] if _can_reset_peak() else [[c] for c in configs]
    peaks: list[Optional[float]] = []
    for batch in batches:
        out = subprocess.run([sys.executable, "-m", "seqprep.bench", "child", module_file, json.dumps(batch)],
                             env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"memory child failed ({out.returncode}): {out.stderr[-2000:]}")
        peaks += json.loads(out.stdout.strip().splitlines()[-1])
    return peaks, "peak RSS growth of one call in a child process (VmHWM - VmRSS)"


class StepMeasurements:
    """Time each configuration now; on a CPU, measure their peak memory afterwards,
    all in one child process (`rss_peaks_mb`); on CUDA, right after the timing.

        measurements = StepMeasurements(__file__, make_step, device, repeats)
        measurements.add(row, "sdpa", {"method": "sdpa", "T": 64, ...})   # row["sdpa_ms"] = ...
        how = measurements.finish()                                        # row["sdpa_peak_mb"] = ...
    """

    def __init__(self, module_file: str, make_step: Callable[..., Callable[[], Any]], device: str, repeats: int):
        self.module_file, self.make_step, self.device, self.repeats = module_file, make_step, device, repeats
        self.pending: list[tuple[dict, str, dict]] = []

    def add(self, row: dict, method: str, config: dict) -> None:
        step = self.make_step(**config, device=self.device)
        row[f"{method}_ms"] = measure(step, self.device, repeats=self.repeats)["median_ms"]
        if self.device == "cuda":
            row[f"{method}_peak_mb"] = cuda_peak_mb(step)
        else:
            self.pending.append((row, method, config))

    def finish(self) -> str:
        """Fill in the CPU peaks; returns how memory was measured."""
        if not self.pending:
            return "torch.cuda.max_memory_allocated growth during one call"
        peaks, how = rss_peaks_mb(self.module_file, [config for _, _, config in self.pending])
        for (row, method, _), peak in zip(self.pending, peaks):
            row[f"{method}_peak_mb"] = peak
        self.pending = []
        return how


def _child(module_file: str, configs: list[dict]) -> list[float]:
    set_threads()
    module = _load_file(Path(module_file))
    warmed: set[str] = set()
    peaks = []
    for config in configs:
        kind = json.dumps({k: v for k, v in config.items() if k != "T"}, sort_keys=True)
        if kind not in warmed:  # the first (smallest) config of each kind runs once unmeasured
            module.make_step(**config)()
            warmed.add(kind)
            gc.collect()
        step = module.make_step(**config)
        peaks.append(rss_growth_mb(step))
        del step
        gc.collect()
    return peaks


def available_memory_bytes(device: str) -> Optional[int]:
    """Free memory to plan against: CUDA free memory, or MemAvailable on Linux."""
    if device == "cuda":
        import torch

        return torch.cuda.mem_get_info()[0]
    value = _proc_field("/proc/meminfo", "MemAvailable")
    return int(value.split()[0]) * 1024 if value else None


# --- running and writing ------------------------------------------------------------------

def _passive_omp() -> dict:
    """OMP_WAIT_POLICY=PASSIVE unless set: what the run used, and whether it took effect.

    libgomp's threads spin while they wait for work. When another process
    holds one of the cores, a 2-thread op waits for a descheduled spinner: on
    this project's shared 2-core machine small ops (an RNN step) became 10x
    slower. Passive threads sleep instead. libgomp reads the variable when
    torch is first imported, so a value set here applies to this process only
    if torch was not imported yet; child processes always inherit it.
    """
    effective = "OMP_WAIT_POLICY" in os.environ or "torch" not in sys.modules
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return {"omp_wait_policy": os.environ["OMP_WAIT_POLICY"], "omp_wait_policy_in_effect": effective}


def _check_device(device: str) -> None:
    if device not in ("cpu", "cuda"):
        raise BenchError(f"unknown device '{device}' (use cpu or cuda)")
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            build = f"built with CUDA {torch.version.cuda}" if torch.version.cuda else "a CPU-only build"
            raise BenchError(f"--device cuda: CUDA is not available (torch {torch.__version__}, {build}, "
                             "no GPU visible); run on a machine with a GPU or use --device cpu")


def run(names: list[str], device: str = "cpu", quick: bool = False, echo: Callable[[str], Any] = print,
        out_dir: Optional[Path] = None, smoke: bool = False) -> list[Path]:
    """Run the named benchmarks (all when `names` is empty); return the JSON files written.

    `smoke` runs every benchmark at a toy size (for the test suite): the
    numbers mean nothing, the files have the full structure.
    """
    files = _module_files()
    unknown = [n for n in names if n not in files]
    if unknown:
        raise BenchError(f"unknown benchmark{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
                         f"(available: {', '.join(files)})")
    omp_policy = _passive_omp()
    _check_device(device)
    folder, readme = results_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    mode = "smoke" if smoke else "quick" if quick else "full"
    threads = set_threads()
    written = []
    for name in names or list(files):
        echo(f"{name}: running ({mode}, {device}, {threads} torch threads) ...")
        started = time.perf_counter()
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        record = {**machine(device), **omp_policy}
        module = _load_file(files[name])
        result = module.run(device, quick, smoke=True) if smoke else module.run(device, quick)
        data = {"benchmark": name, "description": available()[name], "mode": mode, "device": device,
                "timestamp_utc": stamp, "duration_s": round(time.perf_counter() - started, 1),
                "machine": record, **result}
        path = folder / result_name(name, device, mode)
        path.write_text(json.dumps(_rounded(data), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
        echo(f"{name}: {data['duration_s']} s -> {path}")
        for line in result.get("headline", []):
            echo(f"  {line}")
    table = readme if readme is not None else folder / "results.md"
    write_table(folder, table, ("full",) if readme is not None else ("full", "quick", "smoke"))
    echo(f"table: {table}" + ("" if readme is not None else
                              " (not the checkout's benchmarks/README.md: results went to " f"{folder})"))
    return written


def _rounded(value: Any) -> Any:
    """Floats to 4 significant digits, recursively (the JSON stays readable)."""
    if isinstance(value, float):
        return float(f"{value:.4g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


# --- the table ----------------------------------------------------------------------------

def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value).replace("|", "\\|")


def _markdown_table(rows: list[dict]) -> list[str]:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row.get(c)) for c in columns) + " |" for row in rows]
    return lines


def results_markdown(folder: Path, modes: tuple[str, ...] = ("full",)) -> str:
    """A section per result file of the given modes: machine, headline, rows."""
    parts = []
    for path in sorted(folder.glob("*.json")):
        mode = "quick" if path.stem.endswith("-quick") else "smoke" if path.stem.endswith("-smoke") else "full"
        if mode not in modes:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        m = data.get("machine", {})
        where = (f"{m.get('device_name')}, {m.get('logical_cores')} logical cores, {m.get('torch_threads')} "
                 f"torch threads, {m.get('memory_gib')} GiB; torch {m.get('torch')}, Python {m.get('python')}; "
                 f"load {m.get('load_average_1m')} at start")
        parts.append(f"### {data.get('benchmark')} ({data.get('device')}, {data.get('mode')})\n")
        parts.append(f"{data.get('timestamp_utc')}, {data.get('duration_s')} s, `{path.name}`  \n{where}\n")
        parts += [f"- {line}" for line in data.get("headline", [])]
        if data.get("headline"):
            parts.append("")
        for key, rows in data.items():
            if key.startswith("rows") and isinstance(rows, list) and rows:
                if key != "rows":
                    parts.append(f"`{key}`:\n")
                parts += _markdown_table(rows) + [""]
    return "\n".join(parts).rstrip() + "\n" if parts else "No full-run results yet: run `seqprep bench`.\n"


def write_table(folder: Path, target: Path, modes: tuple[str, ...] = ("full",)) -> None:
    """Put the results between the markers of `target` (a whole new file when it has none)."""
    table = results_markdown(folder, modes)
    text = target.read_text(encoding="utf-8") if target.is_file() else ""
    if RESULTS_START in text and RESULTS_END in text:
        head, rest = text.split(RESULTS_START, 1)
        _, tail = rest.split(RESULTS_END, 1)
        text = f"{head}{RESULTS_START}\n{table}{RESULTS_END}{tail}"
    else:
        text = f"# Benchmark results\n\n{RESULTS_START}\n{table}{RESULTS_END}\n"
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "child":
    print(json.dumps(_child(sys.argv[2], json.loads(sys.argv[3]))))
