"""Q·Kᵀ → /√d_k → softmax → ·V, with shapes, on the notes' «я хочу пиццу» numbers.

Every number comes from `answers.walkthrough.pizza_walkthrough()` (hand-set
embeddings and projections, d_k = 4): row i of S is query i against every key,
row i of A sums to 1, and O = A V.
"""

from __future__ import annotations

from .base import Figure
from .style import INK, PALETTE, arrow, canvas, label, matrix, word

TEXT = {
    "ru": {"softmax": "softmax по строкам: каждая строка в сумме 1", "shape": "{} × {}"},
    "en": {"softmax": "softmax over each row: every row sums to 1", "shape": "{} × {}"},
}


def compute():
    from answers.walkthrough import pizza_walkthrough

    return pizza_walkthrough()


def draw(data, lang):
    t = TEXT[lang]
    tokens = [word(w, lang) for w in data["tokens"]]
    T, d = len(data["Q"]), len(data["Q"][0])
    c = 0.5
    fig, ax = canvas(7.1, 5.9)
    K_T = [list(col) for col in zip(*data["K"])]  # (d_k, T)

    def shape(rows, cols, x0, x1, y):
        label(ax, (x0 + x1) / 2, y - 0.06, t["shape"].format(rows, cols), va="top", color="#555555")

    top = 5.2
    x0, y0, x1, _ = matrix(ax, 0.75, top, data["Q"], c, lang, PALETTE["q"], 1, row_labels=tokens, title="$Q$")
    shape(T, d, x0, x1, y0)
    label(ax, x1 + 0.17, top - 1.5 * c, "·", size=20)
    kx0, ky0, kx1, _ = matrix(ax, x1 + 0.34, top, K_T, c, lang, PALETTE["k"], 1, col_labels=tokens,
                              title=r"$K^\top$")
    shape(d, T, kx0, kx1, ky0)
    label(ax, kx1 + 0.36, top - 1.5 * c, r"$/\sqrt{%d}\ =$" % d, size=12)
    sx0, sy0, sx1, _ = matrix(ax, kx1 + 0.74, top, data["scaled_scores"], c, lang, "#7f7f7f", 2,
                              col_labels=tokens, title=r"$S = QK^\top/\sqrt{d_k}$")
    shape(T, T, sx0, sx1, sy0)

    top2 = 1.95
    ax0, ay0, ax1, _ = matrix(ax, 0.75, top2, data["weights"], c, lang, PALETTE["attn"], 2, vmin=0, vmax=1,
                              row_labels=tokens, col_labels=tokens, title=r"$A = \mathrm{softmax}(S)$")
    shape(T, T, ax0, ax1, ay0)
    # S -> A: down from S, left along the gap between the rows, down into A
    turn, mid = 2.75, (ax0 + ax1) / 2
    ax.plot([(sx0 + sx1) / 2, (sx0 + sx1) / 2, mid], [sy0 - 0.3, turn, turn], color=INK, lw=1.4)
    arrow(ax, (mid, turn), (mid, top2 + 0.55))
    label(ax, (mid + (sx0 + sx1) / 2) / 2 + 0.3, turn - 0.08, t["softmax"], va="top")
    label(ax, ax1 + 0.17, top2 - 1.5 * c, "·", size=20)
    vx0, vy0, vx1, _ = matrix(ax, ax1 + 0.34, top2, data["V"], c, lang, PALETTE["v"], 2, title="$V$")
    shape(T, d, vx0, vx1, vy0)
    label(ax, vx1 + 0.13, top2 - 1.5 * c, "=", size=14)
    ox0, oy0, ox1, _ = matrix(ax, vx1 + 0.26, top2, data["outputs"], c, lang, PALETTE["h"], 2, title="$O = AV$")
    shape(T, d, ox0, ox1, oy0)
    return fig


FIGURE = Figure("attention_flow", compute, draw, ("answers.walkthrough", "answers.attention"))
