"""BERT's input for a sentence pair: token + segment + position embeddings, summed.

The pieces are `answers.tokenizers.wordpiece.wordpiece_encode` over a small
vocabulary (so a word splits into a piece and a ##continuation, as in the BERT
paper's "play ##ing"); the length is `answers.closed_form.bert_pair_length`.
"""

from __future__ import annotations

from .base import Figure
from .style import INK, MUTED, PALETTE, box, canvas, label

PAIRS = {
    "ru": ("я хочу пиццу", "она горячая", {"я", "хочу", "пицц", "##у", "она", "горяч", "##ая"}),
    "en": ("my dog is cute", "he likes playing", {"my", "dog", "is", "cute", "he", "likes", "play", "##ing"}),
}
TEXT = {
    "ru": {"input": "вход", "token": "токены", "segment": "сегменты", "position": "позиции",
           "sum": "вход слоя = сумма трёх векторов размера d в каждой позиции"},
    "en": {"input": "input", "token": "token", "segment": "segment", "position": "position",
           "sum": "the encoder's input: the sum of three d-vectors at every position"},
}


def compute():
    from answers.closed_form import bert_pair_length
    from answers.tokenizers.wordpiece import wordpiece_encode

    out = {}
    for lang, (a, b, vocab) in PAIRS.items():
        first, second = wordpiece_encode(a, vocab), wordpiece_encode(b, vocab)
        tokens = ["[CLS]", *first, "[SEP]", *second, "[SEP]"]
        assert len(tokens) == bert_pair_length(len(first), len(second))
        segments = ["A"] * (len(first) + 2) + ["B"] * (len(second) + 1)
        out[lang] = {"tokens": tokens, "segments": segments}
    return out


def draw(data, lang):
    t = TEXT[lang]
    tokens, segments = data[lang]["tokens"], data[lang]["segments"]
    n = len(tokens)
    fig, ax = canvas(7.1, 3.0)
    left = 1.25
    cw = (7.05 - left) / n
    rows = [("input", None), ("token", PALETTE["token"]), ("segment", PALETTE["segment"]),
            ("position", PALETTE["position"])]
    for r, (key, fill) in enumerate(rows):
        y = 2.7 - r * 0.62
        label(ax, left - 0.12, y, t[key], ha="right", color=INK if fill else MUTED)
        if r >= 2:
            label(ax, left - 0.02, y + 0.31, "+", size=13, ha="right", color=INK)
        for i, tok in enumerate(tokens):
            cx = left + (i + 0.5) * cw
            if key == "input":
                label(ax, cx, y, tok, size=11)
                continue
            text = {"token": "$E(w)$", "segment": f"$E_{segments[i]}$", "position": f"$E_{{{i}}}$"}[key]
            box(ax, cx, y, cw - 0.04, 0.44, text, fill=fill, size=12)
    label(ax, 3.55, 0.2, t["sum"], color=INK)
    return fig


FIGURE = Figure("bert_input", compute, draw, ("answers.tokenizers.wordpiece", "answers.closed_form"))
