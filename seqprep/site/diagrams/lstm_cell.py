"""An LSTM cell: the cell path c_{t−1} → × f → + i·g → c_t, and h_t = o · tanh(c_t).

Gates in PyTorch's weight order (i, f, g, o): each is one affine map of
[x_t, h_{t−1}] followed by σ (or tanh for g). The cell path has no weight
matrix and no squashing, only the element-wise f_t, which is why a gradient
can travel along it for many steps when f_t ≈ 1. No numbers here.
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, arrow, box, canvas, circle, label

TEXT = {
    "ru": {"order": "веса nn.LSTM идут в порядке i, f, g, o; гейт — аффинная функция от $[x_t, h_{t-1}]$",
           "forget": "забыть", "input": "вход", "cand": "кандидат", "output": "выход",
           "path": "путь ячейки: без матриц, только × f"},
    "en": {"order": "nn.LSTM weight order: i, f, g, o; every gate is affine in $[x_t, h_{t-1}]$",
           "forget": "forget", "input": "write", "cand": "candidate", "output": "emit",
           "path": "the cell path: no matrices, only × f"},
}


def compute():
    return {}


def draw(data, lang):
    from matplotlib.patches import FancyBboxPatch

    t = TEXT[lang]
    fig, ax = canvas(7.1, 4.0)
    ax.add_patch(FancyBboxPatch((0.95, 0.55), 5.0, 2.9, boxstyle="round,pad=0,rounding_size=0.15",
                                facecolor="#f7f7f7", edgecolor=MUTED, linewidth=1.0))
    cy, gy, by = 3.0, 1.75, 1.05          # cell line, gates, input bus
    grad = PALETTE["h"]
    # the cell path
    label(ax, 0.5, cy, "$c_{t-1}$", size=13)
    arrow(ax, (0.8, cy), (1.86, cy), color=grad, lw=2.2)
    circle(ax, 2.0, cy, 0.14, "×", size=12)
    arrow(ax, (2.14, cy), (3.28, cy), color=grad, lw=2.2)
    circle(ax, 3.42, cy, 0.14, "+", size=12)
    arrow(ax, (3.56, cy), (6.35, cy), color=grad, lw=2.2)
    label(ax, 6.6, cy, "$c_t$", size=13)
    label(ax, 2.7, cy + 0.28, t["path"], color=grad, va="bottom")
    # inputs
    label(ax, 0.5, by, "$h_{t-1}$", size=13)
    arrow(ax, (0.8, by), (4.85, by), head=False)
    label(ax, 1.25, 0.2, "$x_t$", size=13)
    arrow(ax, (1.25, 0.35), (1.25, by), head=False)
    # gates: (x, symbol, name, word)
    gates = [(2.0, "σ", "$f_t$", t["forget"]), (2.95, "σ", "$i_t$", t["input"]), (3.9, "tanh", "$g_t$", t["cand"]),
             (4.85, "σ", "$o_t$", t["output"])]
    for x, fn, name, word in gates:
        arrow(ax, (x, by), (x, gy - 0.2))
        box(ax, x, gy, 0.58 if fn == "σ" else 0.62, 0.4, fn, fill=PALETTE["norm"] if fn == "σ" else PALETTE["ffn"])
        label(ax, x, by - 0.12, f"{name} {word}", va="top", color=MUTED)
    arrow(ax, (2.0, gy + 0.2), (2.0, cy - 0.14))                      # f -> x
    circle(ax, 3.42, 2.38, 0.13, "×", size=11)                        # i * g
    arrow(ax, (2.95, gy + 0.2), (3.32, 2.3))
    arrow(ax, (3.9, gy + 0.2), (3.52, 2.3))
    arrow(ax, (3.42, 2.51), (3.42, cy - 0.14))
    # output: o * tanh(c_t)
    box(ax, 5.45, 2.4, 0.62, 0.36, "tanh", fill=PALETTE["ffn"])
    arrow(ax, (5.45, cy), (5.45, 2.58))
    circle(ax, 5.45, gy, 0.14, "×", size=12)
    arrow(ax, (5.45, 2.22), (5.45, gy + 0.14))
    arrow(ax, (4.85 + 0.29, gy), (5.31, gy))
    arrow(ax, (5.59, gy), (6.35, gy))
    label(ax, 6.6, gy, "$h_t$", size=13)
    label(ax, 3.55, 3.92, t["order"], va="top")
    return fig


FIGURE = Figure("lstm_cell", compute, draw)
