"""The figures: the readability check itself, every diagram drawn and readable in both
languages, and the data the diagrams draw against independent computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from seqprep.site import figures
from seqprep.site.diagrams import DIAGRAMS, attention_maps, base, embedding_lookup, masks, rnn_macs, tiling

CHEAP = [f for f in DIAGRAMS if f.name != "attention_heads"]  # the trained model has its own test


def test_check_readable_rejects_small_text_clipping_and_figures_wider_than_the_column():
    fig = base.new_figure(4, 2)
    fig.text(0.5, 0.5, "fine", fontsize=11)
    base.check_readable(fig, "ok")
    fig.text(0.99, 0.5, "clipped at the right edge", fontsize=11)
    with pytest.raises(ValueError, match="sticks out"):
        base.check_readable(fig, "clip")
    wide = base.new_figure(2 * base.COLUMN_IN, 2)
    wide.text(0.3, 0.5, "11 pt, halved on the page", fontsize=11)
    with pytest.raises(ValueError, match=r"5\.5 pt"):
        base.check_readable(wide, "wide")
    ticks = base.plt().subplots(figsize=(4, 3))[0]  # tick labels outside the view are not drawn: not checked
    base.check_readable(ticks, "ticks")
    base.plt().close("all")


@pytest.mark.parametrize("figure", CHEAP, ids=lambda f: f.name)
def test_every_diagram_draws_readably_in_both_languages(figure, tmp_path):
    data = figure.compute()
    for lang in ("ru", "en"):
        path = tmp_path / f"{figure.name}.{lang}.svg"
        figures.render(figure, data, lang, path)  # raises if a text is below 11 pt or clipped
        svg = path.read_bytes()
        assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert (tmp_path / f"{figure.name}.ru.svg").read_bytes() != (tmp_path / f"{figure.name}.en.svg").read_bytes()


def test_every_figure_name_is_unique_and_every_section_page_uses_one():
    from paths import ROOT
    from seqprep.sections import SECTIONS

    names = [f.name for f in figures.FIGURES]
    assert len(names) == len(set(names))
    for section in SECTIONS:
        for suffix in (".md", ".en.md"):
            text = (ROOT / "site" / f"{section}{suffix}").read_text(encoding="utf-8")
            used = [n for n in names if f"assets/figures/{n}.svg" in text]
            assert used, f"{section}{suffix} shows no figure"


def test_masks_are_the_lower_triangle_and_the_key_padding():
    data = masks.compute()
    T = len(data["words"])
    assert np.array_equal(np.array(data["causal"]), np.tril(np.ones((T, T), dtype=bool)))
    keys = np.array([not w.startswith("[PAD]") for w in data["words"]])
    assert np.array_equal(np.array(data["padding"]), np.broadcast_to(keys, (T, T)))
    assert np.array_equal(np.array(data["both"]), np.tril(np.ones((T, T), dtype=bool)) & keys)


def test_tiling_rows_are_the_online_softmax_and_end_at_the_softmax():
    data = tiling.compute()
    scores = tiling.SCORES
    blocks = [scores[i:i + tiling.BLOCK] for i in range(0, len(scores), tiling.BLOCK)]
    seen = []
    for row, block in zip(data["rows"], blocks):
        seen += block
        m = max(seen)  # the running max and sum, recomputed from scratch for the prefix
        assert row["m"] == m and row["l"] == pytest.approx(sum(math.exp(s - m) for s in seen))
    e = np.exp(np.array(scores) - max(scores))
    assert data["weights"] == pytest.approx(e / e.sum())
    assert data["rows"][1]["rescale"] == pytest.approx(math.exp(3 - 5))


def test_embedding_lookup_is_the_row_of_the_table():
    data = embedding_lookup.compute()
    assert data["row"] == data["W"][data["index"]]
    assert data["vocab"][data["index"]] == embedding_lookup.WORD


def test_rnn_macs_terms_by_hand():
    data = rnn_macs.compute()
    T, d, h, V = rnn_macs.T, rnn_macs.D, rnn_macs.H, rnn_macs.V
    assert (data["input"], data["recurrent"], data["output"]) == (T * h * d, T * h * h, T * V * h)
    assert data["total"] == 788_787_200 and data["share"] == pytest.approx(V * h / (h * h + h * d + V * h))


@pytest.mark.slow
def test_the_copy_model_learns_to_look_n_positions_back():
    """A trained model copies (an untrained one is at chance, 1/15) and its attention shows it: the
    query at position p puts most of some head's weight on key p − n, the word it must output next."""
    data = attention_maps.compute()
    assert data["accuracy"] > 0.99
    weights = np.array(data["weights"])  # (heads, n, 2n) the copy half's queries
    n = attention_maps.N
    for j in range(n):
        assert weights[:, j, j].max() > 0.5, f"query {n + j} does not look at key {j}"
        assert np.allclose(weights[:, j, n + j + 1:], 0), "causal: nothing after the query"
    untrained, accuracy = attention_maps.train_copy_model(steps=0)
    assert accuracy < 0.3


def test_gpu_label_and_cpu_label_on_the_benchmark_figure():
    t = figures.L["en"]
    assert figures._machine_label({"device": "cpu", "machine": {"logical_cores": 2}}, t) == \
        "2-core CPU: no GPU parallelism"
    assert figures._machine_label({"device": "cuda", "machine": {"device_name": "H200"}}, t) == "GPU: H200"
    assert "threads" not in figures.L["ru"]["bench_title"] and "CPU" in figures.L["ru"]["cpu"]


def test_figures_are_redrawn_when_an_input_changes(tmp_path, monkeypatch):
    figure = next(f for f in DIAGRAMS if f.name == "masks")
    calls = []
    counted = base.Figure(figure.name, lambda: calls.append(1) or figure.compute(), figure.draw, figure.modules)
    monkeypatch.setattr(figures, "FIGURES", [counted])
    cache = tmp_path / "cache.json"
    assert figures.ensure_figures(tmp_path / "out", cache) == ["masks"]
    assert figures.ensure_figures(tmp_path / "out", cache) == [] and len(calls) == 1
    monkeypatch.setattr(figures, "L", {**figures.L, "en": {**figures.L["en"], "T": "changed"}})
    assert figures.ensure_figures(tmp_path / "out", cache) == ["masks"] and len(calls) == 2
    torch.manual_seed(0)  # leave no global state behind for other tests


# --- the data plots the review found defective (P5, P6), drawn on small inputs ---------------

def _inside(fig, artist) -> bool:
    box = artist.get_window_extent(fig.canvas.get_renderer())
    return box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_tokenizer_chips_wrap_inside_the_column(lang):
    """P5: a sentence longer than a line wraps; every chip and label lies inside the figure at ≥ 11 pt."""
    long_row = [f"▁tok{i}" for i in range(60)] + ["."]
    data = {lang: {"BPE": long_row, "Unigram": long_row[:30] + ["[UNK]"]}}
    fig = figures.draw_tokenizers(data, lang)
    try:
        base.check_readable(fig, "tokenizers")  # raises on small or clipped text
        chips = fig.axes[0].patches
        assert len(chips) == 61 + 31 and all(_inside(fig, chip) for chip in chips), "a chip is clipped"
        last = [t for t in fig.axes[0].texts if t.get_text() == "."]
        assert last and _inside(fig, last[0])
    finally:
        base.plt().close(fig)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_vocab_figure_has_one_quantity_per_panel(lang):
    """P6: the right panel used to draw two identical lines (d = h); now one series on each axis."""
    rows = [{"vocab_size": v, "tokens_per_word": 4.0 / (1 + i), "softmax_macs_per_token": v * 512}
            for i, v in enumerate((300, 600, 1200))]
    fig = figures.draw_vocab(rows, lang)
    try:
        base.check_readable(fig, "vocab")
        assert [len(ax.get_lines()) for ax in fig.axes] == [1, 1]
        right = fig.axes[1].get_lines()[0].get_ydata()
        assert list(right) == pytest.approx([r["tokens_per_word"] * r["softmax_macs_per_token"] / 1e6 for r in rows])
    finally:
        base.plt().close(fig)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_benchmark_legends_sit_outside_the_data_and_the_machine_is_on_the_figure(lang):
    """P6/P13: legends beside the axes, not over the curves; the CPU label drawn on the figure."""
    fig = figures.draw_benchmark(figures.benchmark_data(), lang)
    try:
        base.check_readable(fig, "rnn_vs_attention")
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            legend = ax.get_legend()
            assert legend is not None
            assert not legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer)), \
                "the legend covers the data"
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert any("CPU" in t or "GPU" in t for t in texts), texts
    finally:
        base.plt().close(fig)
