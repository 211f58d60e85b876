"""The tokenization pipeline ids = post(model(pretok(norm(x)))) on one string, stage by stage.

Uncased BERT's normaliser (lowercase, NFD, drop combining marks, as in its
BasicTokenizer) turns «Ёлки и Йогурт» into «елки и иогурт»; WordPiece
(`answers.tokenizers.wordpiece.wordpiece_encode`) then cannot use the whole
words «ёлки» and «йогурт» that its vocabulary has, and cuts pieces instead.
"""

from __future__ import annotations

import unicodedata

from .base import Figure
from .style import MUTED, PALETTE, box, canvas, label, text_width

TEXT_IN = "Ёлки и Йогурт"
VOCAB = {"ёлки", "йогурт", "ел", "##ки", "и", "##о", "##гурт"}
TEXT = {
    "ru": {"raw": "текст", "norm": "norm", "pretok": "pretok", "model": "model", "post": "post",
           "norm_d": "нижний регистр, NFD, без знаков Mn", "pretok_d": "по пробелам и пунктуации",
           "model_d": "WordPiece", "post_d": "спецтокены BERT", "cased": "не снимать знаки — слова целые:",
           "gloss": ""},
    "en": {"raw": "text", "norm": "norm", "pretok": "pretok", "model": "model", "post": "post",
           "norm_d": "lowercase, NFD, drop Mn marks", "pretok_d": "split on spaces and punctuation",
           "model_d": "WordPiece", "post_d": "BERT's special tokens", "cased": "marks kept: whole words",
           "gloss": "(“Fir trees and Yogurt”)"},
}


def normalise(text: str) -> str:
    """Uncased BERT's normaliser: `normalise("Йогурт") -> "иогурт"`."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def compute():
    from answers.tokenizers.wordpiece import wordpiece_encode

    norm = normalise(TEXT_IN)
    words = norm.split()
    pieces = wordpiece_encode(norm, VOCAB)
    cased = wordpiece_encode(TEXT_IN.lower(), VOCAB)  # without stripping the marks: whole words
    return {"raw": TEXT_IN, "norm": norm, "pretok": words, "model": pieces, "post": ["[CLS]", *pieces, "[SEP]"],
            "without_strip": cased}


def _chips(ax, x, y, items, fill):
    for item in items:
        w = max(0.3, text_width(item, 12) + 0.16)
        box(ax, x + w / 2, y, w, 0.38, item, fill=fill, size=12, rounded=True, lw=0.8)
        x += w + 0.07
    return x


def draw(data, lang):
    t = TEXT[lang]
    fig, ax = canvas(7.1, 4.15)
    rows = ("raw", "norm", "pretok", "model", "post")
    for r, key in enumerate(rows):
        y = 3.75 - r * 0.82
        head = t[key] if key == "raw" else f"{t[key]}: {t[key + '_d']}"
        label(ax, 0.1, y + 0.26, head, ha="left", color=MUTED)
        value = data[key]
        if isinstance(value, str):
            label(ax, 0.1, y - 0.06, f"«{value}»", ha="left", size=12)
            if key == "raw" and t["gloss"]:
                label(ax, 0.22 + text_width(f"«{value}»", 12), y - 0.06, t["gloss"], ha="left", color=MUTED)
        else:
            fill = {"pretok": "#f0f0f0", "model": PALETTE["token"], "post": PALETTE["token"]}[key]
            _chips(ax, 0.1, y - 0.06, value, fill)
        if key == "model":
            label(ax, 3.8, y + 0.26, t["cased"], ha="left", color=MUTED)
            _chips(ax, 3.8, y - 0.06, data["without_strip"], PALETTE["position"])
    return fig


FIGURE = Figure("pipeline", compute, draw, ("answers.tokenizers.wordpiece",))
