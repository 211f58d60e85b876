"""Causal and padding masks as grids (True = may attend), and the two combined.

The causal grid is `answers.attention.causal_mask(T)`; the padding grid marks the
keys of a batch row whose last two positions are [PAD]; the combined mask is
their logical AND, and `scaled_dot_product_attention` puts −∞ where it is False.
"""

from __future__ import annotations

from .base import Figure
from .style import INK, PALETTE, canvas, label, matrix, word

WORDS = ["я", "хочу", "пиццу", "[PAD]", "[PAD]"]
TEXT = {
    "ru": {"causal": "каузальная маска", "padding": "маска паддинга", "both": "обе (И)",
           "legend": "■ True: можно смотреть (оценка как есть)   □ False: оценка → −∞, вес 0",
           "query": "запрос", "key": "ключ"},
    "en": {"causal": "causal mask", "padding": "padding mask", "both": "both (AND)",
           "legend": "■ True: may attend (score kept)   □ False: score → −∞, weight 0",
           "query": "query", "key": "key"},
}


def compute():
    from answers.attention import causal_mask

    T = len(WORDS)
    causal = causal_mask(T).tolist()
    valid = [not w.startswith("[") for w in WORDS]
    padding = [[valid[j] for j in range(T)] for _ in range(T)]  # a key mask, the same for every query
    both = [[a and b for a, b in zip(r1, r2)] for r1, r2 in zip(causal, padding)]
    return {"words": WORDS, "causal": causal, "padding": padding, "both": both}


def draw(data, lang):
    t = TEXT[lang]
    tokens = [word(w, lang) for w in data["words"]]
    short = [w if not w.startswith("[") else "PAD" for w in tokens]
    c = 0.33
    fig, ax = canvas(7.1, 3.7)
    top = 3.2
    x = 0.95
    for key in ("causal", "padding", "both"):
        grid = [[1.0 if v else 0.0 for v in row] for row in data[key]]
        texts = [["✓" if v else "" for v in row] for row in data[key]]
        x0, y0, x1, _ = matrix(ax, x, top, grid, c, lang, PALETTE["keep"], vmin=0, vmax=1, texts=texts,
                               row_labels=short if key == "causal" else (), size=11)
        for j, s in enumerate(short):  # key labels below, rotated so that they do not collide
            label(ax, x0 + (j + 0.5) * c, y0 - 0.06, s, va="top", ha="right", rotation=50, rotation_mode="anchor")
        label(ax, (x0 + x1) / 2, top + 0.12, t[key], va="bottom", size=12)
        x = x1 + 0.4
    label(ax, 0.12, top - 2.5 * c, t["query"], rotation=90, color="#555555")
    label(ax, 3.55, 0.62, t["key"], color="#555555")
    label(ax, 3.55, 0.1, t["legend"], va="bottom", color=INK)
    return fig


FIGURE = Figure("masks", compute, draw, ("answers.attention",))
