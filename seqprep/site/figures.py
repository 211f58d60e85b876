"""The site's figures, drawn at build time by the reference code (matplotlib, SVG).

Two kinds, one registry (`FIGURES`):

* data plots, here: gradient flow, positional encoding, vocabulary size,
  tokenizers, the benchmark;
* concept diagrams, one small module each in `seqprep/site/diagrams/`
  (the unrolled RNN, Q·Kᵀ → softmax → ·V, multi-head, masks, …), among them the
  attention maps of a model trained at build time.

Each figure is drawn in Russian (`name.svg`) and English (`name.en.svg`;
mkdocs-static-i18n serves it to English pages), checked by
`diagrams.base.check_readable` (every text ≥ 11 pt at the column's width and
inside the figure, or the build fails), and redrawn only when a hash of its
inputs changes: the source files of its compute and draw functions, the shared
style, the answers/ modules it calls, its data files and the matplotlib version.
The hashes live in build/cache/figures.json, outside the docs folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import json
import os
from pathlib import Path

from .diagrams import DIAGRAMS
from .diagrams.base import COLUMN_IN, Figure, check_readable, plt

ROOT = Path(__file__).resolve().parents[2]
BENCH_RESULTS = Path(os.environ.get("SEQPREP_BENCH_RESULTS", ROOT / "benchmarks" / "results"))

L = {
    "ru": {"position": "позиция", "dimension": "измерение",
           "distance": "шагов до последнего", "grad_norm": "‖∂L/∂h‖",
           "T": "длина последовательности T", "input_grad": "‖∂L/∂x₁‖",
           "rnn": "RNN (tanh)", "lstm": "LSTM", "attention": "self-attention",
           "vocab": "размер словаря V", "tokens_per_word": "токенов на слово",
           "output_macs": "MAC выходного слоя на слово",
           "time_ms": "время шага, мс", "peak_mb": "пик памяти, МБ",
           "nn_rnn": "nn.RNN", "loop_rnn": "RNN циклом", "our_attention": "наше внимание", "sdpa": "SDPA",
           "naive": "наивное", "tiled": "блочное", "forward": "прямой проход", "train": "обучение",
           "pe_title": "Синусоидальное позиционное кодирование",
           "grad_title": "Градиент назад по времени", "lstm_title": "Градиент до первого входа",
           "vocab_title": "Длина текста", "cost_title": "Цена выходного слоя",
           "tokens": "{n} токенов", "bench_title": "Шаг обучения: RNN и внимание",
           "memory_title": "Пик памяти внимания", "cpu": "{cores}-ядерный CPU: без параллелизма GPU",
           "gpu": "GPU: {name}"},
    "en": {"position": "position", "dimension": "dimension",
           "distance": "steps back from the last", "grad_norm": "‖∂L/∂h‖",
           "T": "sequence length T", "input_grad": "‖∂L/∂x₁‖",
           "rnn": "RNN (tanh)", "lstm": "LSTM", "attention": "self-attention",
           "vocab": "vocabulary size V", "tokens_per_word": "tokens per word",
           "output_macs": "output-layer MACs per word",
           "time_ms": "step time, ms", "peak_mb": "peak memory, MB",
           "nn_rnn": "nn.RNN", "loop_rnn": "loop RNN", "our_attention": "our attention", "sdpa": "SDPA",
           "naive": "naive", "tiled": "tiled", "forward": "forward", "train": "training",
           "pe_title": "Sinusoidal positional encoding",
           "grad_title": "The gradient going back in time", "lstm_title": "Gradient at the first input",
           "vocab_title": "Sequence length", "cost_title": "Cost of the output layer",
           "tokens": "{n} tokens", "bench_title": "Training step: RNN and attention",
           "memory_title": "Peak memory of attention", "cpu": "{cores}-core CPU: no GPU parallelism",
           "gpu": "GPU: {name}"},
}

TOKENIZER_SENTENCE = {"ru": "Трансформеры обрабатывают токены параллельно, а рекуррентные сети — по одному.",
                      "en": "Transformers process tokens in parallel, while recurrent networks read them one by one."}


# --- data ---------------------------------------------------------------------------

def pe_data():
    from answers.positional import pe_heatmap_data

    return pe_heatmap_data(64, 128)


def gradient_data():
    from answers.gradient_flow import attention_gradient_vs_distance, gradient_norms_vs_distance, lstm_vs_rnn_gradients

    return {"rnn": gradient_norms_vs_distance(T=100, h=64, spectral_radii=(0.5, 0.9, 1.0, 1.2, 1.5)),
            "lstm": lstm_vs_rnn_gradients((1, 2, 5, 10, 20, 50, 100)),
            "attention": attention_gradient_vs_distance((4, 16, 64, 256))}


def _corpus_split():
    from ..corpus import project_corpus

    sentences = project_corpus(site_dir=ROOT / "build" / "no-site")  # bank + own text: stable inputs
    test = sentences[::10]
    train = [s for i, s in enumerate(sentences) if i % 10]
    return train, test


def _corpus_bytes() -> bytes:
    train, test = _corpus_split()
    return "\n".join(train + ["---"] + test).encode()


def vocab_data():
    from answers.vocab_size import vocab_size_experiment

    train, test = _corpus_split()
    rows = vocab_size_experiment(train, test, sizes=(300, 600, 1200, 2400, 4800), d_model=512, hidden=512)
    return [r for r in rows if r.get("note") is None]


def tokenizer_data():
    from answers.tokenizers.compare import build_tokenizers, tokenize_sentence

    train, _ = _corpus_split()
    tokenizers = build_tokenizers(train, vocab_size=1000)
    return {lang: tokenize_sentence(sentence, tokenizers) for lang, sentence in TOKENIZER_SENTENCE.items()}


def read_benchmark(name: str) -> dict:
    path = BENCH_RESULTS / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the site draws from stored benchmark results; "
                                f"run `seqprep bench {name}` to produce them")
    return json.loads(path.read_text(encoding="utf-8"))


def benchmark_data():
    return {"rnn": read_benchmark("rnn_vs_attention"), "memory": read_benchmark("attention_memory")}


# --- drawing --------------------------------------------------------------------------

def draw_pe(data, lang):
    t = L[lang]
    fig, ax = plt().subplots(figsize=(COLUMN_IN, 3.2), layout="constrained")
    image = ax.imshow(data, aspect="auto", cmap="RdBu", vmin=-1, vmax=1)
    ax.set_xlabel(t["dimension"])
    ax.set_ylabel(t["position"])
    ax.set_title(t["pe_title"])
    fig.colorbar(image, ax=ax)
    fig.get_layout_engine().set(w_pad=0.08, h_pad=0.08)
    return fig


def draw_gradients(data, lang):
    t = L[lang]
    fig, (left, right) = plt().subplots(1, 2, figsize=(COLUMN_IN, 3.6), layout="constrained")
    rnn = data["rnn"]
    for rho, norms in rnn["norms"].items():
        left.semilogy(rnn["distance"], norms, label=f"ρ = {rho}".replace(".", "," if lang == "ru" else "."))
    left.set_xlabel(t["distance"])
    left.set_ylabel(t["grad_norm"])
    left.set_title(t["grad_title"])
    left.legend(loc="lower left", frameon=False, handlelength=1.2, labelspacing=0.25)
    lstm, attention = data["lstm"], data["attention"]
    right.loglog(lstm["T"], lstm["rnn"], "o-", label=t["rnn"])
    right.loglog(lstm["T"], lstm["lstm"], "s-", label=t["lstm"])
    right.loglog(attention["T"], attention["norms"], "^-", label=t["attention"])
    right.set_xlabel(t["T"])
    right.set_ylabel(t["input_grad"])
    right.set_title(t["lstm_title"])
    right.legend(loc="lower left", frameon=False, handlelength=1.2, labelspacing=0.25)
    fig.get_layout_engine().set(w_pad=0.08, h_pad=0.08)
    return fig


def draw_vocab(rows, lang):
    """Left: tokens per word against V. Right: output-layer MACs per *word* (tokens/word × V·h):
    one quantity per axis, the trade-off the page describes."""
    from matplotlib.ticker import FuncFormatter

    t = L[lang]
    fig, (left, right) = plt().subplots(1, 2, figsize=(COLUMN_IN, 3.3), layout="constrained")
    sizes = [r["vocab_size"] for r in rows]
    left.semilogx(sizes, [r["tokens_per_word"] for r in rows], "o-")
    left.set_xlabel(t["vocab"])
    left.set_ylabel(t["tokens_per_word"])
    left.set_title(t["vocab_title"])
    per_word = [r["tokens_per_word"] * r["softmax_macs_per_token"] / 1e6 for r in rows]
    right.semilogx(sizes, per_word, "s-", color="C1")
    right.set_ylim(0, max(per_word) * 1.1)
    right.set_xlabel(t["vocab"])
    right.set_ylabel(t["output_macs"] + (", млн" if lang == "ru" else ", M"))
    right.set_title(t["cost_title"])
    plain = FuncFormatter(lambda v, _: f"{v:g}")
    for ax in (left, right):
        ax.xaxis.set_major_formatter(plain)
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
        ax.set_xticks(sizes if len(sizes) <= 5 else sizes[::2])
    fig.get_layout_engine().set(w_pad=0.08, h_pad=0.08)
    return fig


def draw_tokenizers(data, lang):
    """One block per tokenizer: its name and count, then its tokens as chips, wrapped to the column."""
    from .diagrams.style import INK, MUTED, PALETTE, canvas, label, text_width

    t = L[lang]
    pieces = data[lang]
    width, chip_h, line_h, size = COLUMN_IN - 0.1, 0.34, 0.42, 11

    def layout(tokens):
        lines, x = [[]], 0.0
        for token in tokens:
            w = max(0.2, text_width(token, size) + 0.12)
            if x + w > width - 0.1 and lines[-1]:
                lines.append([])
                x = 0.0
            lines[-1].append((x, w, token))
            x += w + 0.04
        return lines

    blocks = {name: layout(tokens) for name, tokens in pieces.items()}
    height = sum(0.34 + line_h * len(lines) + 0.12 for lines in blocks.values()) + 0.1
    fig, ax = canvas(COLUMN_IN, height)
    y = height - 0.12
    colours = [PALETTE["token"], PALETTE["segment"]]
    from matplotlib.patches import FancyBboxPatch

    for name, lines in blocks.items():
        label(ax, 0.08, y - 0.12, f"{name}: {t['tokens'].format(n=len(pieces[name]))}", ha="left", color=MUTED,
              fontweight="bold")
        y -= 0.34
        index = 0
        for line in lines:
            cy = y - line_h / 2
            for x, w, token in line:
                unknown = token == "[UNK]"
                ax.add_patch(FancyBboxPatch((0.08 + x, cy - chip_h / 2), w, chip_h,
                                            boxstyle="round,pad=0,rounding_size=0.05",
                                            facecolor="#fde0dd" if unknown else colours[index % 2],
                                            edgecolor="#9aa7b8", linewidth=0.7))
                label(ax, 0.08 + x + w / 2, cy, token, size=size, color=INK)
                index += 1
            y -= line_h
        y -= 0.12
    return fig


def _machine_label(record: dict, t: dict) -> str:
    machine = record.get("machine", {})
    if record.get("device", "cpu") == "cpu":
        return t["cpu"].format(cores=machine.get("logical_cores", "?"))
    return t["gpu"].format(name=machine.get("device_name", record.get("device")))


def draw_benchmark(data, lang):
    """Top: training-step time against T; bottom: attention's peak memory. Legends outside the data,
    and the machine on the figure itself."""
    from matplotlib.ticker import FuncFormatter

    t = L[lang]
    fig, (top, bottom) = plt().subplots(2, 1, figsize=(COLUMN_IN, 6.4), layout="constrained")
    rows = data["rnn"]["rows"]
    T = [r["T"] for r in rows]
    for key, name, style in (("nn_rnn_ms", "nn_rnn", "o-"), ("loop_rnn_ms", "loop_rnn", "s-"),
                             ("attention_ms", "our_attention", "^-"), ("sdpa_ms", "sdpa", "v-")):
        points = [(x, r[key]) for x, r in zip(T, rows) if r.get(key)]
        if points:
            top.loglog(*zip(*points), style, label=t[name])
    top.set_xlabel(t["T"])
    top.set_ylabel(t["time_ms"])
    top.set_title(t["bench_title"])
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    top.text(0.98, 0.04, _machine_label(data["rnn"], t), transform=top.transAxes, ha="right", va="bottom",
             fontsize=11, color="#b00000", bbox={"facecolor": "white", "edgecolor": "#b00000", "pad": 3})
    memory = data["memory"]["rows"]
    for mode, line in (("forward", "-"), ("train", "--")):
        rows_mode = [r for r in memory if r.get("mode", "forward") == mode]
        for (key, name, marker), colour in zip((("naive_peak_mb", "naive", "o"), ("tiled_peak_mb", "tiled", "s"),
                                                ("sdpa_peak_mb", "sdpa", "v")), ("C0", "C1", "C2")):
            points = [(r["T"], r[key]) for r in rows_mode if r.get(key)]
            if points:
                bottom.loglog(*zip(*points), marker + line, color=colour, label=f"{t[name]}, {t[mode]}")
    bottom.set_xlabel(t["T"])
    bottom.set_ylabel(t["peak_mb"])
    bottom.set_title(t["memory_title"])
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    plain = FuncFormatter(lambda v, _: f"{v:g}")
    for ax, ticks in ((top, T), (bottom, sorted({r["T"] for r in memory}))):
        ax.xaxis.set_major_formatter(plain)
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
        ax.set_xticks(ticks[::2] if len(ticks) > 4 else ticks)
    fig.get_layout_engine().set(w_pad=0.08, h_pad=0.08)
    return fig


FIGURES = [
    Figure("positional_encoding", pe_data, draw_pe, ("answers.positional",)),
    Figure("rnn_gradients", gradient_data, draw_gradients, ("answers.gradient_flow",)),
    Figure("vocab_size", vocab_data, draw_vocab, ("answers.vocab_size", "answers.tokenizers.spm"),
           extra=_corpus_bytes),
    Figure("tokenizers", tokenizer_data, draw_tokenizers,
           ("answers.tokenizers.compare", "answers.tokenizers.bpe", "answers.tokenizers.word_level",
            "answers.tokenizers.spm"), extra=_corpus_bytes),
    Figure("rnn_vs_attention", benchmark_data, draw_benchmark,
           files=(BENCH_RESULTS / "rnn_vs_attention.json", BENCH_RESULTS / "attention_memory.json")),
    *DIAGRAMS,
]

_SHARED = ("seqprep.site.diagrams.base", "seqprep.site.diagrams.style")


def _source_file(fn) -> bytes:
    return Path(inspect.getsourcefile(fn)).read_bytes()


def input_hash(figure: Figure) -> str:
    import matplotlib

    digest = hashlib.sha256()
    for fn in (figure.compute, figure.draw):
        digest.update(_source_file(fn))
    for module in _SHARED:
        digest.update(Path(importlib.util.find_spec(module).origin).read_bytes())
    digest.update(json.dumps(L, sort_keys=True, ensure_ascii=False).encode())
    for module in figure.modules:
        digest.update(Path(importlib.util.find_spec(module).origin).read_bytes())
    for path in figure.files:
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    digest.update(figure.extra())
    digest.update(matplotlib.__version__.encode())
    return digest.hexdigest()


def render(figure: Figure, data, lang: str, path: Path) -> None:
    """Draw one language of a figure, check that it reads at the column's width, save the SVG."""
    fig = figure.draw(data, lang)
    try:
        check_readable(fig, f"{figure.name} ({lang})")
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="svg", metadata={"Date": None})
    finally:
        plt().close(fig)


def ensure_figures(out_dir: Path, cache_file: Path, log=print) -> list[str]:
    """Draw every figure whose inputs changed; returns the names drawn."""
    cache = json.loads(cache_file.read_text()) if cache_file.is_file() else {}
    drawn = []
    for figure in FIGURES:
        key = input_hash(figure)
        outputs = [out_dir / f"{figure.name}.svg", out_dir / f"{figure.name}.en.svg"]
        if cache.get(figure.name) == key and all(p.is_file() for p in outputs):
            continue
        data = figure.compute()
        for lang, path in zip(("ru", "en"), outputs):
            render(figure, data, lang, path)
        cache[figure.name] = key
        drawn.append(figure.name)
        log(f"seqprep: drew figure {figure.name}")
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cache, indent=1))
    return drawn
