"""Where an RNN language model's forward MACs go, for the notes' T = 50, d = 300, h = 512, V = 30 000.

The three terms are differences of `answers.complexity.rnn_forward_macs`:
input T·h·d, recurrence T·h², output layer T·V·h; the output layer's share is
`answers.complexity.output_layer_share` (T cancels out).
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, canvas, label, number

T, D, H, V = 50, 300, 512, 30_000
TEXT = {
    "ru": {"input": "вход $W_{xh}x_t$", "recurrent": "рекуррентность $W_{hh}h_{t-1}$",
           "output": "выходной слой $W_{hy}h_t$", "m": "{v} млн MAC", "title":
           "Прямой проход RNN-LM при T = 50, d = 300, h = 512, V = 30 000",
           "note": "всего {total} млн MAC; {part} млн из конспекта — только вход и рекуррентность"},
    "en": {"input": "input $W_{xh}x_t$", "recurrent": "recurrence $W_{hh}h_{t-1}$",
           "output": "output layer $W_{hy}h_t$", "m": "{v}M MACs", "title":
           "Forward pass of an RNN LM with T = 50, d = 300, h = 512, V = 30,000",
           "note": "{total}M MACs in all; the notes' {part}M counts only the input and the recurrence"},
}


def compute():
    from answers.complexity import output_layer_share, rnn_forward_macs

    recurrence_and_input = rnn_forward_macs(T, D, H)
    recurrence = rnn_forward_macs(T, 0, H)
    total = rnn_forward_macs(T, D, H, V)
    return {"input": recurrence_and_input - recurrence, "recurrent": recurrence,
            "output": total - recurrence_and_input, "total": total, "share": output_layer_share(D, H, V)}


def draw(data, lang):
    from matplotlib.patches import Rectangle

    t = TEXT[lang]
    fig, ax = canvas(7.1, 2.9)
    total = data["total"]
    left, width = 0.25, 6.6
    label(ax, left, 2.65, t["title"], ha="left", size=12)
    colours = {"input": PALETTE["x"], "recurrent": PALETTE["h"], "output": PALETTE["k"]}
    for r, key in enumerate(("input", "recurrent", "output")):
        y = 2.0 - r * 0.55
        share = data[key] / total
        ax.add_patch(Rectangle((left, y - 0.17), max(width * share, 0.02), 0.34, facecolor=colours[key]))
        ax.add_patch(Rectangle((left, y - 0.17), width, 0.34, fill=False, edgecolor="#bbbbbb", lw=0.8))
        text = f"{t[key]}: {t['m'].format(v=number(data[key] / 1e6, lang, 1))} ({number(100 * share, lang, 1)}%)"
        inside = share > 0.5
        label(ax, left + (0.12 if inside else width * share + 0.1), y, text, ha="left",
              color="white" if inside else INK)
    part = data["input"] + data["recurrent"]
    label(ax, left, 0.2, t["note"].format(total=number(total / 1e6, lang, 1), part=number(part / 1e6, lang, 1)),
          ha="left", color=MUTED)
    return fig


FIGURE = Figure("rnn_macs", compute, draw, ("answers.complexity",))
