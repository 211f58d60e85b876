"""Tiled attention with an online softmax: which tiles are computed, and the running
max m and sum l of one query row as key blocks arrive.

Left: an 8 × 8 causal score matrix in 2 × 2 tiles; tiles wholly in the future are
never computed, diagonal tiles are masked inside. Right: one query with scores
s = [1, 3 | 2, 5 | 0, 4] in key blocks of 2. Each new block can raise the max;
the sum so far is then rescaled by e^(m_old − m_new). The weights at the end equal
softmax(s): `answers.tiled_attention.tiled_attention` (d_k = 1, V = I) is checked
against them when the figure is computed.
"""

from __future__ import annotations

import math

from .base import Figure
from .style import INK, MUTED, PALETTE, canvas, label, number

SCORES = [1.0, 3.0, 2.0, 5.0, 0.0, 4.0]
BLOCK = 2
TEXT = {
    "ru": {"keys": "ключи →", "queries": "запросы →", "skip": "не считаются", "masked": "маска внутри плитки",
           "full": "считаются целиком", "block": "блок", "scores": "оценки", "m": "$m$", "l": "$\\ell$",
           "rescale": "пересчёт ×", "final": "в конце: веса = $e^{s-m}/\\ell$ = softmax(s)"},
    "en": {"keys": "keys →", "queries": "queries →", "skip": "never computed", "masked": "masked inside the tile",
           "full": "computed in full", "block": "block", "scores": "scores", "m": "$m$", "l": "$\\ell$",
           "rescale": "rescale ×", "final": "at the end: weights = $e^{s-m}/\\ell$ = softmax(s)"},
}


def compute():
    import torch

    from answers.attention import softmax
    from answers.tiled_attention import tiled_attention

    rows, m, l = [], float("-inf"), 0.0
    for start in range(0, len(SCORES), BLOCK):
        block = SCORES[start:start + BLOCK]
        m_new = max(m, *block)
        rescale = math.exp(m - m_new) if m != float("-inf") else 0.0
        l = l * rescale + sum(math.exp(s - m_new) for s in block)
        rows.append({"scores": block, "m": m_new, "l": l, "rescale": rescale if start else None})
        m = m_new
    s = torch.tensor(SCORES, dtype=torch.float64)
    q, k, v = torch.ones(1, 1, dtype=torch.float64), s[:, None], torch.eye(len(SCORES), dtype=torch.float64)
    tiled = tiled_attention(q, k, v, block_size=BLOCK)[0]  # (T_k,) = the weights, since V = I
    exact = softmax(s)
    online = torch.tensor([math.exp(x - m) / l for x in SCORES], dtype=torch.float64)
    assert torch.allclose(tiled, exact) and torch.allclose(online, exact)
    return {"rows": rows, "weights": exact.tolist()}


def draw(data, lang):
    from matplotlib.patches import Rectangle

    t = TEXT[lang]
    fig, ax = canvas(7.1, 3.9)
    n, c, tile = 8, 0.27, 2
    x0, top = 0.55, 3.4
    for i in range(n):
        for j in range(n):
            qi, kj = i // tile, j // tile
            if kj > qi:
                fill = "white"
            elif kj == qi:
                fill = PALETTE["attn"] if j <= i else PALETTE["mask"]
            else:
                fill = PALETTE["q"]
            ax.add_patch(Rectangle((x0 + j * c, top - (i + 1) * c), c, c, facecolor=fill, edgecolor="white", lw=0.6))
    for b in range(0, n + 1, tile):
        ax.plot([x0 + b * c] * 2, [top, top - n * c], color=INK, lw=1.1)
        ax.plot([x0, x0 + n * c], [top - b * c] * 2, color=INK, lw=1.1)
    label(ax, x0, top + 0.1, t["keys"], ha="left", va="bottom", color=MUTED)
    label(ax, x0 - 0.12, top, t["queries"], ha="right", va="top", rotation=90, color=MUTED)
    for k, (fill, key) in enumerate(((PALETTE["q"], "full"), (PALETTE["attn"], "masked"), ("white", "skip"))):
        y = 0.7 - k * 0.28
        ax.add_patch(Rectangle((0.15, y - 0.09), 0.18, 0.18, facecolor=fill, edgecolor=INK, lw=0.8))
        label(ax, 0.42, y, t[key], ha="left")

    # the online softmax of one row
    cols = [3.85, 4.75, 5.5, 6.45]
    head = top + 0.1
    for x, key in zip(cols, ("scores", "m", "l", "rescale")):
        label(ax, x, head, t[key], va="bottom", color=MUTED)
    label(ax, 3.15, head, t["block"], va="bottom", color=MUTED)
    for r, row in enumerate(data["rows"]):
        y = top - 0.3 - r * 0.5
        label(ax, 3.15, y, str(r + 1))
        label(ax, cols[0], y, ", ".join(number(s, lang, 0) for s in row["scores"]))
        label(ax, cols[1], y, number(row["m"], lang, 0))
        label(ax, cols[2], y, number(row["l"], lang, 3))
        label(ax, cols[3], y, "—" if row["rescale"] is None else number(row["rescale"], lang, 3),
              color=PALETTE["grad"] if row["rescale"] not in (None, 1.0) else INK)
    weights = ", ".join(number(w, lang, 3) for w in data["weights"])
    label(ax, 4.95, 1.45, t["final"], va="center")
    label(ax, 4.95, 1.05, f"[{weights}]", va="center", size=11)
    return fig


FIGURE = Figure("tiling", compute, draw, ("answers.tiled_attention", "answers.attention"))
