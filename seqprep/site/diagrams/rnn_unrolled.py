"""An RNN folded and unrolled over four steps, with the BPTT gradient path.

Forward (black): h_t = tanh(W_xh x_t + W_hh h_{t−1} + b), the same weights at every
step. Backward (red): the loss at the last step sends ∂L/∂h_4 back through
∂h_t/∂h_{t−1} = diag(1 − h_t²) W_hh once per step. The norms printed under the
states are `answers.gradient_flow.gradient_norms_vs_distance(T=4, h=64)` for a
W_hh of spectral radius 0.5 (they shrink) and 1.5 (they grow).
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, arrow, box, canvas, label, number

STEPS = 4
RADII = (0.5, 1.5)
TEXT = {
    "ru": {"folded": "свёрнутая", "unrolled": "развёрнутая: те же $W$ на каждом шаге",
           "jac": r"каждый шаг назад: $\times\ \mathrm{diag}(1-h_t^2)\,W_{hh}^\top$",
           "norm": r"$\|\partial L/\partial h_t\|$ при $\rho(W_{hh})$ = {rho}:", "loss": "$L$"},
    "en": {"folded": "folded", "unrolled": "unrolled: the same $W$ at every step",
           "jac": r"every step back: $\times\ \mathrm{diag}(1-h_t^2)\,W_{hh}^\top$",
           "norm": r"$\|\partial L/\partial h_t\|$ for $\rho(W_{hh})$ = {rho}:", "loss": "$L$"},
}


def compute():
    from answers.gradient_flow import gradient_norms_vs_distance

    data = gradient_norms_vs_distance(T=STEPS, h=64, spectral_radii=RADII)
    # norms[k] is k steps back from the last state; reorder to h_1 .. h_T
    return {str(rho): list(reversed(data["norms"][rho])) for rho in RADII}


def draw(data, lang):
    t = TEXT[lang]
    fig, ax = canvas(7.1, 4.3)
    hy, xy, yy = 2.45, 1.45, 3.45
    bw, bh = 0.62, 0.42

    # folded: one cell with a loop
    fx = 0.45
    box(ax, fx, hy, bw, bh, "$h$", fill=PALETTE["h"], color="white")
    box(ax, fx, xy, bw, bh, "$x$", fill="#e5e5e5")
    box(ax, fx, yy, bw, bh, "$y$", fill="#e5e5e5")
    arrow(ax, (fx, xy + bh / 2), (fx, hy - bh / 2))
    arrow(ax, (fx, hy + bh / 2), (fx, yy - bh / 2))
    arrow(ax, (fx + bw / 2, hy + 0.1), (fx + bw / 2, hy - 0.1), rad=-2.2)
    label(ax, fx + bw / 2 + 0.12, hy + 0.3, "$W_{hh}$", ha="left")
    label(ax, fx, 4.05, t["folded"], color=MUTED)
    label(ax, 1.37, hy, "=", size=16)

    # unrolled
    xs = [1.85 + 1.18 * i for i in range(STEPS + 1)]  # h_0 .. h_T
    box(ax, xs[0], hy, bw, bh, "$h_0$", fill="#e5e5e5")
    for i in range(1, STEPS + 1):
        x = xs[i]
        box(ax, x, hy, bw, bh, f"$h_{i}$", fill=PALETTE["h"], color="white")
        box(ax, x, xy, bw, bh, f"$x_{i}$", fill="#e5e5e5")
        box(ax, x, yy, bw, bh, f"$y_{i}$", fill="#e5e5e5")
        arrow(ax, (x, xy + bh / 2), (x, hy - bh / 2))
        arrow(ax, (x, hy + bh / 2), (x, yy - bh / 2))
        arrow(ax, (xs[i - 1] + bw / 2, hy + 0.06), (x - bw / 2, hy + 0.06))
        # BPTT: red, right to left, just below the forward arrow
        arrow(ax, (x - bw / 2, hy - 0.1), (xs[i - 1] + bw / 2, hy - 0.1), color=PALETTE["grad"], ls="--")
    label(ax, (xs[0] + xs[1]) / 2, hy + 0.12, "$W_{hh}$", va="bottom")
    label(ax, xs[1] + 0.08, (xy + hy) / 2, "$W_{xh}$", ha="left")
    label(ax, xs[1] + 0.08, (hy + yy) / 2, "$W_{hy}$", ha="left")
    box(ax, xs[-1], 4.0, 0.5, 0.34, t["loss"], fill="#fde0dd", edge=PALETTE["grad"])
    arrow(ax, (xs[-1], yy + bh / 2), (xs[-1], 4.0 - 0.17))
    arrow(ax, (xs[-1] + 0.3, 4.0 - 0.1), (xs[-1] + 0.3, hy + bh / 2), color=PALETTE["grad"], ls="--")
    label(ax, (xs[0] + xs[-2]) / 2 + 0.2, 4.05, t["unrolled"], color=MUTED)

    # gradient norms under each state, one row per spectral radius
    for row, (rho, colour) in enumerate(zip(RADII, (PALETTE["grad"], "#9c4f00"))):
        y = 0.92 - row * 0.36
        label(ax, xs[1] - 0.45, y, t["norm"].replace("{rho}", number(rho, lang, 1)), ha="right", color=colour)
        for i, value in enumerate(data[str(rho)], start=1):
            label(ax, xs[i], y, number(value, lang, 2), color=colour)
    label(ax, xs[-1] + 0.3, 0.05, t["jac"], ha="right", va="bottom", color=PALETTE["grad"])
    return fig


FIGURE = Figure("rnn_unrolled", compute, draw, ("answers.gradient_flow",))
