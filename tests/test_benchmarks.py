"""The benchmarks run and write well-formed JSON; nothing here asserts a time.

One smoke run of every benchmark at toy size (`bench.run(..., smoke=True)`)
writes into a temporary folder, never into benchmarks/results/.
"""

from __future__ import annotations

import json
import subprocess
import textwrap

import pytest

from paths import ROOT, SEQPREP
from seqprep import bench

RESULTS = ROOT / "benchmarks" / "results"
NAMES = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if not p.name.startswith("_"))
MACHINE_KEYS = {"cpu_model", "logical_cores", "torch_threads", "memory_gib", "torch", "python", "numpy",
                "device", "device_name", "omp_wait_policy"}


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """Every benchmark once, at toy size: {name: parsed JSON}."""
    out = tmp_path_factory.mktemp("bench")
    before = {p.name: p.stat().st_mtime_ns for p in RESULTS.glob("*")} if RESULTS.is_dir() else {}
    lines: list[str] = []
    written = bench.run([], device="cpu", smoke=True, out_dir=out, echo=lines.append)
    after = {p.name: p.stat().st_mtime_ns for p in RESULTS.glob("*")} if RESULTS.is_dir() else {}
    assert after == before, "a smoke run must not touch benchmarks/results/"
    assert sorted(p.name for p in written) == sorted(f"{n}-smoke.json" for n in NAMES)
    data = {p.name.removesuffix("-smoke.json"): json.loads(p.read_text(encoding="utf-8")) for p in written}
    return {"dir": out, "data": data, "echo": lines}


def test_available_lists_every_module_with_its_docstring():
    found = bench.available()
    assert sorted(found) == NAMES and len(NAMES) >= 4
    assert all(doc for doc in found.values())


@pytest.mark.parametrize("name", NAMES)
def test_each_result_records_the_machine_and_run(smoke, name):
    data = smoke["data"][name]
    assert data["benchmark"] == name and data["mode"] == "smoke" and data["device"] == "cpu"
    assert MACHINE_KEYS <= set(data["machine"])
    assert data["machine"]["logical_cores"] >= 1 and data["machine"]["torch_threads"] >= 1
    assert data["timestamp_utc"].endswith("Z") and data["duration_s"] > 0
    assert data["headline"] and all(isinstance(line, str) for line in data["headline"])


def _positive(row: dict, keys) -> None:
    for key in keys:
        assert isinstance(row[key], (int, float)) and row[key] > 0, (key, row)


def test_rnn_vs_attention_rows(smoke):
    data = smoke["data"]["rnn_vs_attention"]
    assert [r["T"] for r in data["rows"]] == data["settings"]["Ts"]
    for row in data["rows"]:
        _positive(row, ["nn_rnn_ms", "loop_rnn_ms", "attention_ms", "sdpa_ms",
                        "speedup_sdpa_vs_nn_rnn", "speedup_attention_vs_loop_rnn"])
        for method in ("nn_rnn", "loop_rnn", "attention", "sdpa"):
            assert row[f"{method}_peak_mb"] >= 0  # a toy step may fit in pages already resident
        assert row["speedup_sdpa_vs_nn_rnn"] == pytest.approx(row["nn_rnn_ms"] / row["sdpa_ms"], rel=1e-3)
    assert isinstance(data["summary"]["claim_10_to_100x_holds"], bool)


def test_attention_memory_rows(smoke):
    data = smoke["data"]["attention_memory"]
    modes = [(r["mode"], r["T"]) for r in data["rows"]]
    assert modes == [("forward", T) for T in data["settings"]["forward_Ts"]] + \
                    [("train", T) for T in data["settings"]["train_Ts"]]
    for row in data["rows"]:
        _positive(row, ["naive_ms", "tiled_ms", "sdpa_ms"])
        B, H = data["settings"]["B"], data["settings"]["H"]
        assert row["scores_mb"] == pytest.approx(B * H * row["T"] ** 2 * 4 / 2**20, rel=1e-3)  # float32


def test_tokenizers_rows(smoke):
    data = smoke["data"]["tokenizers"]
    assert data["summary"]["merges_identical"] is True  # the two Python trainers agree on the bench text
    for row in data["rows"]:
        _positive(row, ["text_mb", "distinct_words", "incremental_s", "naive_s", "sentencepiece_s",
                        "speedup_incremental_vs_naive"])
        assert row["merges"] == data["settings"]["merges"]
    assert [r["tokenizer"] for r in data["rows_encoding"]] == ["bpe_encode", "BPETokenizer.encode",
                                                               "sentencepiece"]
    for row in data["rows_encoding"]:
        _positive(row, ["mb_per_s", "tokens"])


def test_tool_latency_rows(smoke):
    data = smoke["data"]["tool_latency"]
    commands = [r["command"] for r in data["rows_cold_start"]]
    assert commands == ["python -c pass", "seqprep --help", "seqprep list --json", "seqprep stats",
                        "seqprep quiz: first prompt", "seqprep list --json (cold cache)"]
    for row in data["rows_cold_start"] + data["rows_submit"]:
        _positive(row, ["median_ms"])
    submit = data["summary"]["submit"]
    assert submit["calls"] >= submit["checks"] > 0
    # the JSON keeps 4 significant digits: each of the three terms of ~1000 ms may be off by 0.5
    assert submit["overhead_ms"] == pytest.approx(
        submit["submit_ms"] - submit["import_torch_ms"] - submit["compute_cold_ms"], abs=1.5)
    grade = data["summary"]["grade"]
    assert grade["submissions"] == data["settings"]["submissions"]
    _positive(grade, ["startup_s", "speedup_jobs2_wall"])


def test_the_table_covers_every_result_and_keeps_the_text_around_it(smoke, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n\n{bench.RESULTS_START}\nold table\n{bench.RESULTS_END}\n\nafter\n",
                      encoding="utf-8")
    bench.write_table(smoke["dir"], readme, modes=("smoke",))
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nbefore\n\n") and text.endswith("\n\nafter\n")
    assert "old table" not in text
    for name in NAMES:
        assert f"### {name} (cpu, smoke)" in text
    assert "No full-run results yet" in bench.results_markdown(smoke["dir"])  # smoke runs stay out by default


def test_results_md_written_next_to_the_json(smoke):
    table = (smoke["dir"] / "results.md").read_text(encoding="utf-8")
    assert all(f"### {name} (cpu, smoke)" in table for name in NAMES)
    assert any("results.md" in line for line in smoke["echo"])


def test_result_names():
    assert bench.result_name("tokenizers", "cpu", "full") == "tokenizers.json"
    assert bench.result_name("tokenizers", "cuda", "quick") == "tokenizers-cuda-quick.json"
    assert bench.result_name("tool_latency", "cpu", "smoke") == "tool_latency-smoke.json"


def test_rss_peak_sees_a_known_allocation(tmp_path):
    """The CPU memory method against allocations of known size."""
    module = tmp_path / "alloc.py"
    module.write_text(textwrap.dedent("""
        import torch

        def make_step(mb, T=0):
            def step():
                x = torch.ones(mb * 2**20 // 4)   # written, so resident: mb MiB
                return float(x.sum())
            return step
    """), encoding="utf-8")
    peaks, how = bench.rss_peaks_mb(str(module), [{"mb": 0, "T": 0}, {"mb": 64, "T": 1}, {"mb": 16, "T": 2}])
    assert "VmHWM" in how
    assert peaks[0] < 4
    assert peaks[1] == pytest.approx(64, abs=4)
    assert peaks[2] == pytest.approx(16, abs=4)  # the peak is reset between configs


def test_committed_rnn_vs_attention_has_the_schema_the_site_reads():
    path = RESULTS / "rnn_vs_attention.json"
    if not path.is_file():
        pytest.skip("no committed full-run result")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["device"] in ("cpu", "cuda") and MACHINE_KEYS <= set(data["machine"])
    assert data["rows"] and [r["T"] for r in data["rows"]] == sorted(r["T"] for r in data["rows"])
    for row in data["rows"]:
        assert {"T", "nn_rnn_ms", "loop_rnn_ms", "attention_ms", "sdpa_ms", "attention_peak_mb"} <= set(row)


def test_readme_table_matches_the_committed_results():
    readme = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    assert bench.RESULTS_START in readme and bench.RESULTS_END in readme
    inside = readme.split(bench.RESULTS_START, 1)[1].split(bench.RESULTS_END, 1)[0]
    assert inside.strip() == bench.results_markdown(RESULTS).strip(), \
        "benchmarks/README.md is out of date: rerun `seqprep bench` (it regenerates the table)"


def _cli(args, tmp_path, cli_env):
    cli_env["SEQPREP_BENCH_OUT"] = str(tmp_path / "out")
    return subprocess.run([SEQPREP, "bench", *args], env=cli_env, capture_output=True, text=True, timeout=120)


def test_cli_lists_the_benchmarks(tmp_path, cli_env):
    out = _cli(["--list"], tmp_path, cli_env)
    assert out.returncode == 0, out.stderr
    assert [line.split()[0] for line in out.stdout.splitlines()] == NAMES


def test_cli_unknown_benchmark_is_a_usage_error(tmp_path, cli_env):
    out = _cli(["no_such_bench"], tmp_path, cli_env)
    assert out.returncode == 2 and "unknown benchmark no_such_bench" in out.stderr
    assert not (tmp_path / "out").exists()


def test_cli_cuda_without_a_gpu_is_a_usage_error(tmp_path, cli_env):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    out = _cli(["tokenizers", "--device", "cuda"], tmp_path, cli_env)
    assert out.returncode == 2 and "CUDA is not available" in out.stderr
    assert not (tmp_path / "out").exists()

