"""What the vocabulary size changes: sequence length against table size.

For each size V a sentencepiece model is trained on the same texts, and a
row reports

* `tokens_per_sentence`, `tokens_per_word`: mean on the test texts (one text =
  one sentence, words = `text.split()`); a larger vocabulary gives shorter
  sequences, so attention (O(T^2)) and recurrence (O(T)) get cheaper;
* `embedding_params` = V * d_model, the table (and again for an untied head);
* `softmax_macs_per_token` = V * hidden, the output projection per position;
* `rare_share`: share of the learned pieces seen fewer than `rare_below` (5)
  times when the training texts are encoded: entries whose embeddings
  get few updates. Special and byte pieces are left out of it.

Sizes the corpus cannot support (sentencepiece refuses them) give a row with
`note` set and the numbers None instead of an exception.

    rows = vocab_size_experiment(train, test, sizes=[300, 500, 1000])
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

import sentencepiece as spm

from .tokenizers.base import TextOrTexts, as_texts
from .tokenizers.spm import train_sentencepiece

FIELDS = ("tokens_per_sentence", "tokens_per_word", "embedding_params",
          "softmax_macs_per_token", "rare_share")


def learned_piece_ids(model_proto: bytes) -> list[int]:
    """Ids of the pieces training learned: type NORMAL (not <unk>, control,
    user-defined, byte or unused)."""
    from sentencepiece import sentencepiece_model_pb2 as pb2

    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    normal = pb2.ModelProto.SentencePiece.Type.NORMAL
    return [i for i, piece in enumerate(model.pieces) if piece.type == normal]


def vocab_size_experiment(train_texts: TextOrTexts, test_texts: TextOrTexts,
                          sizes: Iterable[int], d_model: int = 512, hidden: int = 512,
                          model_type: str = "bpe", rare_below: int = 5,
                          **train_options) -> list[dict]:
    """One row per size: {"vocab_size", "tokens_per_sentence", "tokens_per_word",
    "embedding_params", "softmax_macs_per_token", "rare_share", "note"}."""
    train = as_texts(train_texts)
    test = [t for t in as_texts(test_texts) if t.split()]
    num_words = sum(len(t.split()) for t in test)
    if not test:
        raise ValueError("the test texts have no words")
    rows = []
    for size in sizes:
        try:
            proto = train_sentencepiece(train, size, model_type=model_type, **train_options)
        except ValueError as exc:
            rows.append({"vocab_size": size, **{f: None for f in FIELDS}, "note": str(exc)})
            continue
        sp = spm.SentencePieceProcessor(model_proto=proto)
        V = sp.get_piece_size()
        test_tokens = sum(len(ids) for ids in sp.encode(test))
        seen = Counter(i for ids in sp.encode(train) for i in ids)
        learned = learned_piece_ids(proto)
        rows.append({
            "vocab_size": V,
            "tokens_per_sentence": test_tokens / len(test),
            "tokens_per_word": test_tokens / num_words,
            "embedding_params": V * d_model,
            "softmax_macs_per_token": V * hidden,
            "rare_share": sum(seen[i] < rare_below for i in learned) / len(learned),
            "note": None,
        })
    return rows


def trained_rows(rows: Sequence[dict]) -> list[dict]:
    """The rows that did not skip: `[r for r in rows if r["note"] is None]`."""
    return [r for r in rows if r["note"] is None]
