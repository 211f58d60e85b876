"""Multi-head attention: project, split into heads, attend per head, concatenate, W_O.

Shapes are nanoGPT's (B, T, C) → (B, nh, T, hs) for d_model = 512 and 8 heads;
hs = `answers.closed_form.head_dim(512, 8)` and the parameter count of the four
projections, which does not depend on the number of heads, is
`answers.complexity.mha_param_count(512)`.
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, arrow, canvas, integer, label

TEXT = {
    "ru": {"x": "вход X", "q": "Q = X W_Q", "split": "разрезать\nна головы", "heads": "{h} голов",
           "attend": "attention в каждой\nголове отдельно", "concat": "склеить\nголовы", "out": "выход",
           "params": "$W_Q, W_K, W_V, W_O$: $4d^2 + 4d$ = {p} параметров при любом числе голов",
           "kv": "K и V — так же"},
    "en": {"x": "input X", "q": "Q = X W_Q", "split": "split\ninto heads", "heads": "{h} heads",
           "attend": "attention in each\nhead separately", "concat": "concatenate\nthe heads", "out": "output",
           "params": "$W_Q, W_K, W_V, W_O$: $4d^2 + 4d$ = {p} parameters, whatever the number of heads",
           "kv": "K and V the same way"},
}
HEAD_COLOURS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d"]


def compute():
    from answers.closed_form import head_dim
    from answers.complexity import mha_param_count

    d_model, heads = 512, 8
    return {"d_model": d_model, "heads": heads, "head_dim": head_dim(d_model, heads),
            "params": mha_param_count(d_model)}


def _striped(ax, x, y, w, h, n):
    from matplotlib.patches import Rectangle

    for i in range(n):
        ax.add_patch(Rectangle((x + i * w / n, y), w / n, h, facecolor=HEAD_COLOURS[i % 8], alpha=0.75,
                               edgecolor="white", linewidth=0.8))
    ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=INK, linewidth=1.0))


def _stack(ax, x, y, w, h, n, step=0.07):
    from matplotlib.patches import Rectangle

    for i in reversed(range(n)):
        ax.add_patch(Rectangle((x + i * step, y + i * step), w, h, facecolor=HEAD_COLOURS[i % 8], alpha=0.9,
                               edgecolor="white", linewidth=0.8))
    return x + (n - 1) * step + w, y + (n - 1) * step + h


def _plain(ax, x, y, w, h, fill):
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((x, y), w, h, facecolor=fill, edgecolor=INK, linewidth=1.0))


def draw(data, lang):
    t = TEXT[lang]
    d, nh, hs = data["d_model"], data["heads"], data["head_dim"]
    fig, ax = canvas(7.1, 5.0)
    mono = {"family": "DejaVu Sans Mono"}

    def shape(x, y, s):
        label(ax, x, y, s, va="top", color=MUTED, fontdict=mono)

    # row 1: X -> Q -> heads
    y1, h = 3.2, 0.9
    _plain(ax, 0.35, y1, 1.0, h, "#d9d9d9")
    label(ax, 0.85, y1 + h + 0.08, t["x"], va="bottom")
    shape(0.85, y1 - 0.08, f"(B, T, {d})")
    arrow(ax, (1.45, y1 + h / 2), (2.15, y1 + h / 2))
    label(ax, 1.8, y1 + h / 2 + 0.1, "$W_Q$", va="bottom")
    _striped(ax, 2.25, y1, 1.6, h, nh)
    label(ax, 3.05, y1 + h + 0.08, "$Q = XW_Q$", va="bottom")
    shape(3.05, y1 - 0.08, f"(B, T, {d})")
    label(ax, 3.05, y1 - 0.42, t["kv"], va="top", color=MUTED)
    arrow(ax, (3.95, y1 + h / 2), (5.0, y1 + h / 2))
    label(ax, 4.47, y1 + h / 2 + 0.1, t["split"], va="bottom")
    x1, top = _stack(ax, 5.1, y1, 0.55, h, nh)
    label(ax, (5.1 + x1) / 2, top + 0.08, t["heads"].format(h=nh), va="bottom")
    shape((5.1 + x1) / 2, y1 - 0.08, f"(B, {nh}, T, {hs})")

    # the turn to row 2
    ax.plot([6.05, 6.05, 0.9], [y1 - 0.4, 2.4, 2.4], color=INK, lw=1.4)
    arrow(ax, (0.9, 2.4), (0.9, 2.2))
    label(ax, 3.5, 2.32, t["attend"].replace("\n", " "), va="top")

    # row 2: per-head outputs -> concat -> W_O
    y2 = 0.75
    x1, top = _stack(ax, 0.35, y2, 0.55, h, nh)
    shape((0.35 + x1) / 2, y2 - 0.08, f"(B, {nh}, T, {hs})")
    arrow(ax, (x1 + 0.1, y2 + h / 2), (2.85, y2 + h / 2))
    label(ax, (x1 + 2.85) / 2 + 0.05, y2 + h / 2 + 0.1, t["concat"], va="bottom")
    _striped(ax, 2.95, y2, 1.6, h, nh)
    shape(3.75, y2 - 0.08, f"(B, T, {d})")
    arrow(ax, (4.65, y2 + h / 2), (5.4, y2 + h / 2))
    label(ax, 5.02, y2 + h / 2 + 0.1, "$W_O$", va="bottom")
    _plain(ax, 5.5, y2, 1.0, h, PALETTE["h"])
    label(ax, 6.0, y2 + h + 0.08, t["out"], va="bottom")
    shape(6.0, y2 - 0.08, f"(B, T, {d})")
    label(ax, 3.55, 0.08, t["params"].format(p=integer(data["params"], lang)),
          va="bottom", color=INK)
    return fig


FIGURE = Figure("multihead", compute, draw, ("answers.closed_form", "answers.complexity"))
