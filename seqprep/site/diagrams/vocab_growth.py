"""Growing the embedding matrix for new tokens: old rows copied, new rows = the mean row.

`answers.vocab_extension.resize_embeddings` grows a seeded 6 × 4 table to 8 rows.
With a tied head the logits are E'h: the old ones do not change and each new
one equals the mean of the old logits, so it can never be the argmax.
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, canvas, label, matrix, number

OLD, NEW, D = 6, 2, 4
TEXT = {
    "ru": {"table": "E′: {v} × {d}", "old": "старые строки:\nскопированы", "new": "новые: среднее\nстарых строк",
           "logits": "логиты E′h (связанная голова)", "mean": "новые логиты =\nсреднее старых = {m}",
           "max": "максимум\nстарых: {m}"},
    "en": {"table": "E′: {v} × {d}", "old": "old rows:\ncopied", "new": "new rows: the\nmean of the old",
           "logits": "logits E′h (tied head)", "mean": "new logits =\nmean of the old = {m}",
           "max": "largest\nold logit: {m}"},
}


def compute():
    import torch
    from torch import nn

    from answers.vocab_extension import resize_embeddings

    g = torch.Generator().manual_seed(5)
    emb = nn.Embedding(OLD, D).double()
    with torch.no_grad():
        emb.weight.copy_((torch.randn(OLD, D, generator=g, dtype=torch.float64) * 10).round() / 10)
    grown = resize_embeddings(emb, OLD + NEW)
    h = (torch.randn(D, generator=g, dtype=torch.float64) * 10).round() / 10  # (d,)
    with torch.no_grad():
        logits = grown.weight @ h  # (V + k,)
    return {"weight": grown.weight.tolist(), "logits": logits.tolist(), "h": h.tolist()}


def draw(data, lang):
    t = TEXT[lang]
    W, z = data["weight"], data["logits"]
    fig, ax = canvas(7.1, 4.0)
    c, top = 0.55, 3.65
    shade = [[0.3] * D for _ in range(OLD)] + [[0.9] * D for _ in range(NEW)]
    texts = [[number(v, lang, 2 if i >= OLD else 1) for v in row] for i, row in enumerate(W)]
    x0, y0, x1, _ = matrix(ax, 1.65, top, shade, c, lang, PALETTE["v"], vmin=0, vmax=1, texts=texts, size=11,
                           cell_h=0.42)
    label(ax, (x0 + x1) / 2, top + 0.08, t["table"].format(v=OLD + NEW, d=D), va="bottom")
    label(ax, x0 - 0.12, top - OLD * 0.42 / 2, t["old"], ha="right", color=MUTED)
    label(ax, x0 - 0.12, top - (OLD + NEW / 2) * 0.42, t["new"], ha="right", color=INK)
    ax.plot([x0 - 0.05, x1 + 0.05], [top - OLD * 0.42] * 2, color=INK, lw=2)
    # logits as a column, next to the rows they come from
    lx = x1 + 0.55
    lo, hi = min(z), max(z)
    zz = [[v] for v in z]
    matrix(ax, lx, top, zz, 0.62, lang, PALETTE["q"], vmin=lo, vmax=hi, texts=[[number(v, lang, 2)] for v in z],
           cell_h=0.42)
    label(ax, lx, top + 0.08, t["logits"], va="bottom", ha="left")
    mean = sum(z[:OLD]) / OLD
    label(ax, lx + 0.8, top - (OLD + NEW / 2) * 0.42, t["mean"].format(m=number(mean, lang, 2)), ha="left")
    label(ax, lx + 0.8, top - OLD * 0.42 / 2, t["max"].format(m=number(max(z[:OLD]), lang, 2)), ha="left",
          color=MUTED)
    return fig


FIGURE = Figure("vocab_growth", compute, draw, ("answers.vocab_extension",))
