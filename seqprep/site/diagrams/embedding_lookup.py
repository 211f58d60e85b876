"""An embedding lookup as a one-hot row times the table: one_hot(id) · W = W[id].

The product is `answers.embeddings.one_hot_lookup` on a 5 × 3 table; nn.Embedding
returns the same row without building the one-hot vector, and only that row
receives a gradient.
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, arrow, canvas, label, matrix, word

VOCAB = ["[PAD]", "я", "хочу", "пиццу", "[UNK]"]
WORD = "пиццу"
TEXT = {
    "ru": {"onehot": "one-hot, 1 × V", "table": "матрица эмбеддингов W, V × d", "row": "W[{i}], 1 × d",
           "id": "«{w}» → id {i}", "note": "nn.Embedding берёт строку {i} без умножения;\n"
                                          "градиент получает только эта строка"},
    "en": {"onehot": "one-hot, 1 × V", "table": "embedding matrix W, V × d", "row": "W[{i}], 1 × d",
           "id": "“{w}” → id {i}", "note": "nn.Embedding takes row {i} without the product;\n"
                                          "only that row gets a gradient"},
}


def compute():
    import torch

    from answers.embeddings import one_hot_lookup

    g = torch.Generator().manual_seed(3)
    W = (torch.randn(len(VOCAB), 3, generator=g, dtype=torch.float64) * 10).round() / 10  # (V, d)
    i = VOCAB.index(WORD)
    row = one_hot_lookup(torch.tensor([i]), W)[0]  # (d,)
    return {"vocab": VOCAB, "index": i, "W": W.tolist(), "row": row.tolist()}


def draw(data, lang):
    t = TEXT[lang]
    i, W = data["index"], data["W"]
    V, d = len(W), len(W[0])
    vocab = [word(w, lang) for w in data["vocab"]]
    c = 0.5
    fig, ax = canvas(7.1, 4.3)
    top = 3.45
    label(ax, 0.1, 4.05, t["id"].format(w=word(WORD, lang), i=i), ha="left", size=12)
    one_hot = [[1.0 if j == i else 0.0 for j in range(V)]]
    x0, y0, x1, _ = matrix(ax, 0.15, top - 1.5 * c, one_hot, c, lang, PALETTE["k"], vmin=0, vmax=1,
                           texts=[["1" if j == i else "0" for j in range(V)]], col_labels=[str(j) for j in range(V)])
    label(ax, (x0 + x1) / 2, y0 - 0.08, t["onehot"], va="top", color=MUTED)
    label(ax, x1 + 0.2, top - 2 * c, "·", size=20)
    shaded = [[1.0 if r == i else 0.25 for _ in range(d)] for r in range(V)]
    texts = [[f"{v:.1f}".replace(".", ",") if lang == "ru" else f"{v:.1f}" for v in row] for row in W]
    texts = [[s.replace("-", "\u2212") for s in row] for row in texts]
    wx0, wy0, wx1, _ = matrix(ax, x1 + 1.0, top, shaded, c, lang, PALETTE["q"], vmin=0, vmax=1, texts=texts,
                              row_labels=vocab)
    label(ax, (wx0 + wx1) / 2, wy0 - 0.08, t["table"], va="top", color=MUTED)
    label(ax, wx1 + 0.2, top - 2 * c, "=", size=16)
    rx0, ry0, rx1, _ = matrix(ax, wx1 + 0.42, top - 1.5 * c, [[1.0] * d], c, lang, PALETTE["q"], vmin=0, vmax=1,
                              texts=[texts[i]])
    label(ax, (rx0 + rx1) / 2, ry0 - 0.08, t["row"].format(i=i), va="top", color=MUTED)
    arrow(ax, (wx1 + 0.05, top - (i + 0.5) * c), (rx0 + 0.3, ry0 - 0.45), color=PALETTE["q"], rad=0.3, ls="--")
    label(ax, 0.1, 0.08, t["note"].format(i=i), ha="left", va="bottom", color=INK)
    return fig


FIGURE = Figure("embedding_lookup", compute, draw, ("answers.embeddings",))
