"""BPE training step by step on the notes' «пиццу пицца пицце» (English pages: its twin
"pizza pizzas pizzeria", which ties and merges the same way letter for letter).

Each row is the corpus after one more merge, from `answers.tokenizers.bpe.trace_merges`;
the pieces made by that row's merge are highlighted. On ties the smallest pair wins,
so the first merge is (и, ц), not the notes' (ц, ц).
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, canvas, label, text_width

CORPUS = {"ru": "пиццу пицца пицце", "en": "pizza pizzas pizzeria"}
MERGES = 3
TEXT = {
    "ru": {"start": "символы", "step": "{n}: {a} + {b}", "count": "×{c}",
           "ties": "Шаг 1: ничья {ties}, по {c} раза; берём наименьшую пару.\n"
                   "Конспект сливает первой (ц, ц) — так тоже можно: «пицц» за 3 шага."},
    "en": {"start": "characters", "step": "{n}: {a} + {b}", "count": "×{c}",
           "ties": "Step 1: a tie {ties}, {c} each; the smallest pair wins.\n"
                   "The notes' Russian corpus «пиццу пицца пицце» runs the same steps with и, п, ц."},
}


def compute():
    from answers.tokenizers.bpe import trace_merges

    out = {}
    for lang, corpus in CORPUS.items():
        steps = trace_merges(corpus, MERGES)
        words = corpus.split()
        rows = [{"pair": None, "count": None, "pieces": [list(w) for w in words]}]
        for s in steps:
            rows.append({"pair": list(s.pair), "count": s.count, "ties": [list(p) for p in s.ties],
                         "pieces": [list(s.segmentation[w]) for w in words]})
        out[lang] = rows
    return out


def draw(data, lang):
    from matplotlib.patches import FancyBboxPatch

    t = TEXT[lang]
    rows = data[lang]
    fig, ax = canvas(7.1, 3.3)
    left, row_h = 1.65, 0.6
    top = 3.0
    for r, row in enumerate(rows):
        y = top - r * row_h
        if row["pair"] is None:
            label(ax, 0.1, y, t["start"], ha="left", color=MUTED)
        else:
            a, b = row["pair"]
            label(ax, 0.1, y, t["step"].format(n=r, a=a, b=b), ha="left")
            label(ax, left - 0.1, y, t["count"].format(c=row["count"]), ha="right", color=MUTED)
        merged = "".join(row["pair"]) if row["pair"] else None
        x = left
        for pieces in row["pieces"]:
            for piece in pieces:
                w = max(0.21, text_width(piece, 12) + 0.12)
                fill = PALETTE["k"] if piece == merged else PALETTE["light"]
                ax.add_patch(FancyBboxPatch((x + 0.02, y - 0.2), w - 0.04, 0.4, boxstyle="round,pad=0,rounding_size=0.06",
                                            facecolor=fill, edgecolor="#9aa7b8", linewidth=0.8))
                label(ax, x + w / 2, y, piece, size=12, color="white" if piece == merged else INK)
                x += w + 0.02
            x += 0.22
    first = rows[1]
    ties = ", ".join(f"({a}, {b})" for a, b in first["ties"])
    label(ax, 0.1, 0.08, t["ties"].format(ties=ties, c=first["count"]), ha="left", va="bottom", color=INK)
    return fig


FIGURE = Figure("bpe_merges", compute, draw, ("answers.tokenizers.bpe",))
