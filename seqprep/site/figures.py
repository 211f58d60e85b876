"""The site's figures, drawn at build time by the reference code (matplotlib, SVG).

Each figure is drawn in Russian (`name.svg`) and English (`name.en.svg`;
mkdocs-static-i18n serves it to English pages). A figure is redrawn only
when a hash of its inputs changes: the source of the functions that compute
and draw it, the answers/ modules it calls, its data files, and the
matplotlib version. The hashes live in build/cache/figures.json, outside the
docs folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
BENCH_RESULTS = Path(os.environ.get("SEQPREP_BENCH_RESULTS", ROOT / "benchmarks" / "results"))

L = {
    "ru": {"head": "голова", "query": "запрос", "key": "ключ", "position": "позиция", "dimension": "измерение",
           "distance": "расстояние до последнего шага, шагов", "grad_norm": "‖∂L/∂h‖",
           "rho": "спектральный радиус", "T": "длина последовательности T",
           "input_grad": "‖∂L/∂x₁‖", "rnn": "RNN (tanh)", "lstm": "LSTM", "attention": "self-attention",
           "vocab": "размер словаря V", "tokens_per_word": "токенов на слово",
           "params": "параметров", "embedding": "эмбеддинги V·d", "softmax": "softmax-слой V·h на токен",
           "time_ms": "время шага обучения, мс", "peak_mb": "пик памяти, МБ",
           "nn_rnn": "nn.RNN", "loop_rnn": "RNN циклом", "our_attention": "наше внимание", "sdpa": "SDPA",
           "naive": "наивное внимание", "tiled": "блочное (online softmax)",
           "forward": "прямой проход", "train": "обучение",
           "pe_title": "Синусоидальное позиционное кодирование",
           "grad_title": "Затухание и взрыв градиента в RNN", "lstm_title": "Градиент до первого входа",
           "vocab_title": "Длина текста и число параметров", "tok_title": "Одно предложение — четыре токенайзера",
           "attn_title": "Веса внимания по головам", "bench_title": "RNN против внимания"},
    "en": {"head": "head", "query": "query", "key": "key", "position": "position", "dimension": "dimension",
           "distance": "distance to the last step, steps", "grad_norm": "‖∂L/∂h‖",
           "rho": "spectral radius", "T": "sequence length T",
           "input_grad": "‖∂L/∂x₁‖", "rnn": "RNN (tanh)", "lstm": "LSTM", "attention": "self-attention",
           "vocab": "vocabulary size V", "tokens_per_word": "tokens per word",
           "params": "parameters", "embedding": "embeddings V·d", "softmax": "softmax layer V·h per token",
           "time_ms": "training step, ms", "peak_mb": "peak memory, MB",
           "nn_rnn": "nn.RNN", "loop_rnn": "loop RNN", "our_attention": "our attention", "sdpa": "SDPA",
           "naive": "naive attention", "tiled": "tiled (online softmax)",
           "forward": "forward", "train": "training",
           "pe_title": "Sinusoidal positional encoding",
           "grad_title": "Vanishing and exploding gradients in an RNN", "lstm_title": "Gradient reaching the first input",
           "vocab_title": "Sequence length and parameters", "tok_title": "One sentence, four tokenizers",
           "attn_title": "Attention weights per head", "bench_title": "RNN against attention"},
}

SENTENCE = {"ru": "я хочу большую вкусную пиццу", "en": "i want a big tasty pizza"}
TOKENIZER_SENTENCE = {"ru": "Трансформеры обрабатывают токены параллельно, а рекуррентные сети — по одному.",
                      "en": "Transformers process tokens in parallel, while recurrent networks read them one by one."}


@dataclass(frozen=True)
class Figure:
    name: str
    compute: Callable[[], Any]                 # data shared by both languages
    draw: Callable[[Any, str], Any]            # (data, lang) -> matplotlib Figure
    modules: tuple[str, ...] = ()              # answers modules whose source is an input
    files: tuple[Path, ...] = ()               # data files that are inputs
    extra: Callable[[], bytes] = lambda: b""   # any other input (e.g. the corpus text)


# --- data ---------------------------------------------------------------------------

def attention_data():
    import torch

    from answers.attention import MultiHeadSelfAttention
    from answers.positional import sinusoidal_positional_encoding

    out = {}
    for lang, sentence in SENTENCE.items():
        tokens = sentence.split()
        generator = torch.Generator().manual_seed(7)
        d_model, heads = 16, 4
        x = torch.randn(1, len(tokens), d_model, generator=generator)  # (1, T, d)
        x = x + sinusoidal_positional_encoding(len(tokens), d_model)
        torch.manual_seed(7)
        module = MultiHeadSelfAttention(d_model, heads)
        with torch.no_grad():
            for p in module.parameters():
                p.normal_(0.0, 0.6, generator=generator)
            _, weights = module(x, return_weights=True)  # (1, nh, T, T)
        out[lang] = {"tokens": tokens, "weights": weights[0].tolist()}
    return out


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

def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "seqprep", "svg.fonttype": "path", "font.size": 9,
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt


def draw_attention(data, lang):
    plt = _plt()
    t = L[lang]
    tokens, weights = data[lang]["tokens"], data[lang]["weights"]
    fig, axes = plt.subplots(1, len(weights), figsize=(3.0 * len(weights), 3.0))
    for h, (ax, w) in enumerate(zip(axes, weights)):
        ax.imshow(w, cmap="viridis", vmin=0, vmax=1)
        ax.set_title(f"{t['head']} {h + 1}")
        ax.set_xticks(range(len(tokens)), tokens, rotation=45, ha="right")
        ax.set_yticks(range(len(tokens)), tokens if h == 0 else [""] * len(tokens))
        ax.set_xlabel(t["key"])
    axes[0].set_ylabel(t["query"])
    fig.suptitle(t["attn_title"])
    fig.tight_layout()
    return fig


def draw_pe(data, lang):
    plt = _plt()
    t = L[lang]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    image = ax.imshow(data, aspect="auto", cmap="RdBu", vmin=-1, vmax=1)
    ax.set_xlabel(t["dimension"])
    ax.set_ylabel(t["position"])
    ax.set_title(t["pe_title"])
    fig.colorbar(image, ax=ax)
    fig.tight_layout()
    return fig


def draw_gradients(data, lang):
    plt = _plt()
    t = L[lang]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    rnn = data["rnn"]
    for rho, norms in rnn["norms"].items():
        left.semilogy(rnn["distance"], norms, label=f"ρ = {rho}")
    left.set_xlabel(t["distance"])
    left.set_ylabel(t["grad_norm"])
    left.set_title(t["grad_title"])
    left.legend(fontsize=8)
    lstm, attention = data["lstm"], data["attention"]
    right.loglog(lstm["T"], lstm["rnn"], "o-", label=t["rnn"])
    right.loglog(lstm["T"], lstm["lstm"], "s-", label=t["lstm"])
    right.loglog(attention["T"], attention["norms"], "^-", label=t["attention"])
    right.set_xlabel(t["T"])
    right.set_ylabel(t["input_grad"])
    right.set_title(t["lstm_title"])
    right.legend(fontsize=8)
    fig.tight_layout()
    return fig


def draw_vocab(rows, lang):
    plt = _plt()
    t = L[lang]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4))
    sizes = [r["vocab_size"] for r in rows]
    left.semilogx(sizes, [r["tokens_per_word"] for r in rows], "o-")
    left.set_xlabel(t["vocab"])
    left.set_ylabel(t["tokens_per_word"])
    left.set_title(t["vocab_title"])
    right.loglog(sizes, [r["embedding_params"] for r in rows], "o-", label=t["embedding"])
    right.loglog(sizes, [r["softmax_macs_per_token"] for r in rows], "s--", label=t["softmax"])
    right.set_xlabel(t["vocab"])
    right.set_ylabel(t["params"])
    right.legend(fontsize=8)
    fig.tight_layout()
    return fig


def draw_tokenizers(data, lang):
    plt = _plt()
    t = L[lang]
    pieces = data[lang]
    fig, ax = plt.subplots(figsize=(11, 0.7 * len(pieces) + 0.8))
    colours = ["#cfe3f5", "#f8d9c4"]
    for row, (name, tokens) in enumerate(pieces.items()):
        y = len(pieces) - row
        ax.text(-0.5, y, name, ha="right", va="center", fontsize=9, fontweight="bold")
        x = 0.0
        for i, token in enumerate(tokens):
            width = max(len(token), 1) * 0.62 + 0.4
            ax.add_patch(plt.Rectangle((x, y - 0.3), width, 0.6, facecolor=colours[i % 2], edgecolor="#555"))
            ax.text(x + width / 2, y, token, ha="center", va="center", fontsize=8)
            x += width + 0.15
        ax.text(x + 0.3, y, f"{len(tokens)}", va="center", fontsize=8, color="#555")
    ax.set_xlim(-9, 70)
    ax.set_ylim(0.3, len(pieces) + 0.7)
    ax.axis("off")
    ax.set_title(t["tok_title"])
    fig.tight_layout()
    return fig


def draw_benchmark(data, lang):
    plt = _plt()
    t = L[lang]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    rows = data["rnn"]["rows"]
    T = [r["T"] for r in rows]
    for key, label, style in (("nn_rnn_ms", "nn_rnn", "o-"), ("loop_rnn_ms", "loop_rnn", "s-"),
                              ("attention_ms", "our_attention", "^-"), ("sdpa_ms", "sdpa", "v-")):
        points = [(x, r[key]) for x, r in zip(T, rows) if r.get(key)]
        if points:
            left.loglog(*zip(*points), style, label=t[label])
    machine = data["rnn"].get("machine", {})
    left.set_xlabel(t["T"])
    left.set_ylabel(t["time_ms"])
    left.set_title(f"{t['bench_title']} ({machine.get('device_name', data['rnn'].get('device', ''))[:28]}, "
                   f"{machine.get('torch_threads', '?')} threads)", fontsize=8)
    left.legend(fontsize=8)
    memory = data["memory"]["rows"]
    for mode, line in (("forward", "-"), ("train", "--")):
        rows_mode = [r for r in memory if r.get("mode", "forward") == mode]
        for (key, label, marker), colour in zip((("naive_peak_mb", "naive", "o"), ("tiled_peak_mb", "tiled", "s"),
                                                 ("sdpa_peak_mb", "sdpa", "v")), ("C0", "C1", "C2")):
            points = [(r["T"], r[key]) for r in rows_mode if r.get(key)]
            if points:
                right.loglog(*zip(*points), marker + line, color=colour,
                             label=f"{t[label]}, {t[mode]}")
    right.set_xlabel(t["T"])
    right.set_ylabel(t["peak_mb"])
    right.legend(fontsize=8)
    from matplotlib.ticker import NullFormatter

    for axis in (left.xaxis, right.xaxis):
        axis.set_minor_formatter(NullFormatter())
    fig.tight_layout()
    return fig


FIGURES = [
    Figure("attention_heads", attention_data, draw_attention, ("answers.attention", "answers.positional")),
    Figure("positional_encoding", pe_data, draw_pe, ("answers.positional",)),
    Figure("rnn_gradients", gradient_data, draw_gradients, ("answers.gradient_flow",)),
    Figure("vocab_size", vocab_data, draw_vocab, ("answers.vocab_size", "answers.tokenizers.spm"),
           extra=_corpus_bytes),
    Figure("tokenizers", tokenizer_data, draw_tokenizers,
           ("answers.tokenizers.compare", "answers.tokenizers.bpe", "answers.tokenizers.word_level",
            "answers.tokenizers.spm"), extra=_corpus_bytes),
    Figure("rnn_vs_attention", benchmark_data, draw_benchmark,
           files=(BENCH_RESULTS / "rnn_vs_attention.json", BENCH_RESULTS / "attention_memory.json")),
]


def input_hash(figure: Figure) -> str:
    import matplotlib

    digest = hashlib.sha256()
    for fn in (figure.compute, figure.draw, _plt):
        digest.update(inspect.getsource(fn).encode())
    digest.update(json.dumps(L, sort_keys=True, ensure_ascii=False).encode())
    for module in figure.modules:
        digest.update(Path(importlib.util.find_spec(module).origin).read_bytes())
    for path in figure.files:
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    digest.update(figure.extra())
    digest.update(matplotlib.__version__.encode())
    return digest.hexdigest()


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
        plt = _plt()
        for lang, path in zip(("ru", "en"), outputs):
            fig = figure.draw(data, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path, format="svg", metadata={"Date": None})
            plt.close(fig)
        cache[figure.name] = key
        drawn.append(figure.name)
        log(f"seqprep: drew figure {figure.name}")
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps(cache, indent=1))
    return drawn
