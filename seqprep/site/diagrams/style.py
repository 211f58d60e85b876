"""The diagrams' shared look: one palette, a canvas measured in inches, boxes, arrows, matrices.

A diagram draws on `canvas(w, h)`: one axes over the whole figure with limits
(0, w) x (0, h), so a data unit is an inch and an 11 pt label is 11/72 in tall.
The same colour always means the same thing on every page: queries blue,
keys orange, values green, hidden states purple, gradients red.

    fig, ax = canvas(3, 1)
    box(ax, 1.5, 0.5, 1.2, 0.5, "LayerNorm", fill=PALETTE["norm"])
"""

from __future__ import annotations

from typing import Sequence

from .base import MIN_PT, new_figure

INK = "#222222"
MUTED = "#666666"
PALETTE = {
    "q": "#4c78a8", "k": "#f58518", "v": "#54a24b", "h": "#8e6bb8", "x": "#8c8c8c",
    "grad": "#d62728", "norm": "#f2cf5b", "attn": "#9ecae9", "ffn": "#a6d9b4", "add": "#ffffff",
    "mask": "#d9d9d9", "keep": "#4c78a8", "pad": "#fbe3d6", "light": "#eef3fa",
    "token": "#c6dbef", "segment": "#fdd0a2", "position": "#c7e9c0", "sum": "#e5e5e5",
}
SIZE = MIN_PT          # body text
SMALL = MIN_PT         # never below the readable minimum
TITLE = 12.5


def canvas(width: float, height: float):
    """(fig, ax): a figure of width x height inches whose data units are inches."""
    fig = new_figure(width, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    return fig, ax


def text_width(s: str, size: float = SIZE) -> float:
    """Width in inches of `s` set at `size` pt (mathtext included)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    if not s:
        return 0.0
    path = TextPath((0, 0), s, size=size, prop=FontProperties(family="DejaVu Sans"))
    return path.get_extents().width / 72


def number(value: float, lang: str, digits: int = 2) -> str:
    """A decimal in the page's language: `number(0.25, "ru") -> "0,25"`; minus as U+2212."""
    s = f"{value:.{digits}f}"
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    s = s.replace("-", "\u2212")
    return s.replace(".", ",") if lang == "ru" else s


def integer(n: int, lang: str) -> str:
    """`integer(1050624, "ru") -> "1 050 624"`, `integer(1050624, "en") -> "1,050,624"`."""
    s = f"{n:,}"
    return s.replace(",", "\u00a0") if lang == "ru" else s


def label(ax, x, y, s, size=SIZE, ha="center", va="center", color=INK, **kw):
    return ax.text(x, y, s, fontsize=size, ha=ha, va=va, color=color, **kw)


def box(ax, cx, cy, w, h, s="", fill="white", edge=INK, size=SIZE, color=INK, rounded=True, lw=1.2,
        weight="normal", ls="-"):
    """A box centred at (cx, cy) with a centred label."""
    from matplotlib.patches import FancyBboxPatch

    pad = 0.06 if rounded else 0.0
    style = f"round,pad={pad},rounding_size=0.08" if rounded else "square,pad=0"
    ax.add_patch(FancyBboxPatch((cx - w / 2 + pad, cy - h / 2 + pad), w - 2 * pad, h - 2 * pad,
                                boxstyle=style, facecolor=fill, edgecolor=edge, linewidth=lw, linestyle=ls))
    if s:
        label(ax, cx, cy, s, size=size, color=color, fontweight=weight)


def circle(ax, cx, cy, r, s="", fill="white", edge=INK, size=SIZE, lw=1.2):
    from matplotlib.patches import Circle

    ax.add_patch(Circle((cx, cy), r, facecolor=fill, edgecolor=edge, linewidth=lw))
    if s:
        label(ax, cx, cy, s, size=size)


def arrow(ax, start, end, color=INK, lw=1.4, ls="-", rad=0.0, head=True, shrink=0.0, z=1):
    """An arrow from start to end; rad bends it (arc3), shrink (points) keeps it off the boxes."""
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>,head_length=6,head_width=3.5" if head else "-",
                                 connectionstyle=f"arc3,rad={rad}", color=color, linewidth=lw, linestyle=ls,
                                 shrinkA=shrink, shrinkB=shrink, mutation_scale=1, zorder=z))


def shade(value: float, vmin: float, vmax: float, colour: str) -> tuple:
    """`colour` mixed with white in proportion to where value lies in [vmin, vmax] (0.08 .. 0.85)."""
    from matplotlib.colors import to_rgb

    t = 0.0 if vmax == vmin else (value - vmin) / (vmax - vmin)
    t = 0.08 + 0.77 * min(1.0, max(0.0, t))
    r, g, b = to_rgb(colour)
    return (1 - t + t * r, 1 - t + t * g, 1 - t + t * b)


def ink_on(rgb) -> str:
    """Black or white text, whichever reads on the fill."""
    r, g, b = rgb[:3]
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def matrix(ax, x, top, values: Sequence[Sequence[float]], cell: float, lang: str, colour: str = PALETTE["q"],
           digits: int = 2, row_labels: Sequence[str] = (), col_labels: Sequence[str] = (), title: str = "",
           vmin: float | None = None, vmax: float | None = None, size: float = SIZE, texts=None, cell_h=None):
    """A matrix drawn as shaded cells with its numbers; (x, top) is its top-left corner.

    texts, when given, replaces the numbers (a grid of strings). Returns (x0, y0, x1, y1).
    """
    from matplotlib.patches import Rectangle

    rows, cols = len(values), len(values[0])
    cell_h = cell if cell_h is None else cell_h
    flat = [v for row in values for v in row]
    lo = min(flat) if vmin is None else vmin
    hi = max(flat) if vmax is None else vmax
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            fill = shade(v, lo, hi, colour)
            y = top - (i + 1) * cell_h
            ax.add_patch(Rectangle((x + j * cell, y), cell, cell_h, facecolor=fill, edgecolor="white", linewidth=1.2))
            s = texts[i][j] if texts is not None else number(v, lang, digits)
            if s:
                label(ax, x + (j + 0.5) * cell, y + cell_h / 2, s, size=size, color=ink_on(fill))
    ax.add_patch(Rectangle((x, top - rows * cell_h), cols * cell, rows * cell_h, fill=False, edgecolor=INK,
                           linewidth=1.0))
    for i, s in enumerate(row_labels):
        label(ax, x - 0.06, top - (i + 0.5) * cell_h, s, size=size, ha="right")
    for j, s in enumerate(col_labels):
        label(ax, x + (j + 0.5) * cell, top + 0.05, s, size=size, va="bottom")
    if title:
        label(ax, x + cols * cell / 2, top + (0.32 if col_labels else 0.08), title, size=size, va="bottom")
    return x, top - rows * cell_h, x + cols * cell, top


# English twins of the notes' Russian example words, for English pages (the numbers do not change).
TWINS = {"я": "I", "хочу": "want", "пиццу": "pizza", "большую": "big", "вкусную": "tasty"}


def word(w: str, lang: str) -> str:
    """`word("пиццу", "en") -> "pizza"`; Russian pages keep the notes' word."""
    return TWINS.get(w, w) if lang == "en" else w
