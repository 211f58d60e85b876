"""Added tokens in sentencepiece: an ordinary added piece against a special (control) one, and how
a word's segmentation changes when it is added.

Hugging Face's `add_tokens([...])` and `add_special_tokens({...})` have direct
sentencepiece counterparts: user-defined pieces (always cut out of the text
whole, decoded back into text) and control pieces (never matched in raw text,
dropped on decode, the way `skip_special_tokens=True` drops special tokens).
`answers.vocab_extension.add_tokens` appends user-defined pieces.

* `added_versus_control(token, text)`: the token appended with `add_tokens`
  against the same token declared a control symbol when training on `text`:
  whether it is a control piece, how "я <token> пиццу" encodes, and what the
  ids decode to.
* `pieces_before_after(word, text, vocab_sizes, model_types)`: how many pieces
  the word takes under tokenizers trained on `text`, and after `add_tokens`.
"""

from __future__ import annotations

from typing import Sequence

import sentencepiece as spm

from ..vocab_extension import add_tokens
from .spm import train_sentencepiece


def added_versus_control(token: str, text: str, vocab_size: int = 400) -> dict:
    """{"added": {...}, "control": {...}}, each {"is_control", "pieces", "decoded"}."""
    base = train_sentencepiece(text, vocab_size, "bpe")
    models = {"added": add_tokens(base, [token]),
              "control": train_sentencepiece(text, vocab_size, "bpe", control_symbols=[token])}
    result = {}
    for name, proto in models.items():
        sp = spm.SentencePieceProcessor(model_proto=proto)
        token_id = sp.piece_to_id(token)
        ids = sp.encode("я") + [token_id] + sp.encode("пиццу")
        result[name] = {"is_control": sp.is_control(token_id),
                        "pieces": sp.encode(f"я {token} пиццу", out_type=str),
                        "decoded": sp.decode(ids)}
    return result


def pieces_before_after(word: str, text: str, vocab_sizes: Sequence[int] = (400, 800),
                        model_types: Sequence[str] = ("bpe", "unigram")) -> dict:
    """How `word` splits under tokenizers trained on `text`, and once `add_tokens` has added it.

    {"before": {"<model_type> <size>": number of pieces}, "after": pieces once added,
     "word_after": those pieces without the word-boundary mark "▁"}. After `add_tokens` the word is one
    piece, but "▁" before it stays a piece of its own (the counterpart of GPT-2's separate "Ġ").
    """
    before = {}
    for model_type in model_types:
        for size in vocab_sizes:
            sp = spm.SentencePieceProcessor(model_proto=train_sentencepiece(text, size, model_type))
            before[f"{model_type} {size}"] = len(sp.encode(word))
    added = spm.SentencePieceProcessor(model_proto=add_tokens(train_sentencepiece(text, vocab_sizes[0], "bpe"),
                                                              [word]))
    after = added.encode(word, out_type=str)
    return {"before": before, "after": after, "word_after": [p for p in after if p != "\u2581"]}
