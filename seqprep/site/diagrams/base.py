"""What every site figure is: a `Figure` (compute once, draw per language) and the checks
that make it readable in the page's column.

The article column of the site is about 688 CSS px wide. An SVG that matplotlib
writes for a `figsize` of w inches is w * 96 px wide, so a figure at most
`COLUMN_IN` (688 / 96 = 7.17 in) wide is shown at its natural size and its font
sizes are the sizes a reader sees. `check_readable` enforces, for every text:

* the size a reader sees is at least `MIN_PT` (11 pt), taking the scaling of a
  figure wider than the column into account;
* it lies inside the figure, 0.04 in from the edge (nothing is clipped).

    >>> fig = new_figure(4, 2)
    >>> _ = fig.text(0.5, 0.5, "tiny", fontsize=6)
    >>> check_readable(fig, "demo")
    Traceback (most recent call last):
    ...
    ValueError: demo: text 'tiny' is 6.0 pt at the column's width (needs >= 11 pt)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

COLUMN_PX = 688
COLUMN_IN = COLUMN_PX / 96
MIN_PT = 11.0


@dataclass(frozen=True)
class Figure:
    """One figure, drawn in Russian (`name.svg`) and English (`name.en.svg`).

    compute() returns the data (shared by both languages, from answers/);
    draw(data, lang) returns a matplotlib Figure. The redraw hash covers the
    source files of both functions, `sources`, the answers `modules` and `files`.
    """

    name: str
    compute: Callable[[], Any]
    draw: Callable[[Any, str], Any]
    modules: tuple[str, ...] = ()              # answers modules whose source is an input
    files: tuple[Path, ...] = ()               # data files that are inputs
    extra: Callable[[], bytes] = field(default=lambda: b"")   # any other input (e.g. the corpus text)


def plt():
    """pyplot with the site's settings (deterministic SVG, text as paths, 11 pt)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    pyplot.rcParams.update({
        "svg.hashsalt": "seqprep", "svg.fonttype": "path", "font.family": "DejaVu Sans",
        "mathtext.fontset": "dejavusans", "font.size": MIN_PT, "axes.titlesize": 12,
        "axes.labelsize": MIN_PT, "xtick.labelsize": MIN_PT, "ytick.labelsize": MIN_PT,
        "legend.fontsize": MIN_PT, "figure.titlesize": 12,
        "axes.spines.top": False, "axes.spines.right": False,
    })
    return pyplot


def new_figure(width_in: float, height_in: float):
    """A blank figure of the given size in inches (white background)."""
    return plt().figure(figsize=(width_in, height_in), facecolor="white")


def display_scale(fig) -> float:
    """How much the page shrinks the figure: 1 when it fits the column."""
    return min(1.0, COLUMN_IN / fig.get_figwidth())


def check_readable(fig, name: str) -> None:
    """Raise ValueError if a text is below MIN_PT at display size or sticks out of the figure."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    scale = display_scale(fig)
    width, height = fig.bbox.width, fig.bbox.height
    hidden = set()  # labels matplotlib does not draw: axes drawn with axis("off"), ticks out of view
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            drawn = set(map(id, axis._update_ticks())) if ax.axison else set()
            for tick in ticks:
                if id(tick) not in drawn:
                    hidden.update((id(tick.label1), id(tick.label2)))
            if not ax.axison:
                hidden.add(id(axis.label))
    for text in fig.findobj(Text):
        if id(text) in hidden or not text.get_visible() or not text.get_text().strip():
            continue
        size = text.get_fontsize() * scale
        label = text.get_text().replace("\n", " ")[:40]
        if size < MIN_PT - 1e-6:
            raise ValueError(f"{name}: text {label!r} is {size:.1f} pt at the column's width (needs >= {MIN_PT:g} pt)")
        box = text.get_window_extent(renderer)
        margin = 0.04 * fig.dpi  # glyph widths vary a little between renderers
        if box.x0 < margin or box.y0 < margin or box.x1 > width - margin or box.y1 > height - margin:
            raise ValueError(f"{name}: text {label!r} sticks out of the figure")
