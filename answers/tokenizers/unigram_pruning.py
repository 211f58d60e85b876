"""Which pieces a Unigram tokenizer drops as its vocabulary shrinks, and how frequent they were.

Unigram training (Kudo, 2018; sentencepiece `--model_type=unigram`) starts from a
large seed vocabulary and repeatedly drops the pieces whose removal lowers the
corpus likelihood least: a piece goes when its occurrences are segmented almost
as well by other pieces, whatever its frequency. So "it removes rare tokens" is
not the rule: some dropped pieces are more frequent than pieces that stay.

`pruned_versus_kept(text, large, small)` trains two Unigram models on the same
text (deterministic: one thread, fixed seed), counts how often the large
model's Viterbi segmentation of the text uses each piece, and compares the
pieces the small model dropped with the multi-character pieces it kept.
"""

from __future__ import annotations

from collections import Counter

import sentencepiece as spm

from .spm import train_sentencepiece


def _normal_pieces(sp: spm.SentencePieceProcessor) -> set[str]:
    return {sp.id_to_piece(i) for i in range(sp.get_piece_size())
            if not (sp.is_byte(i) or sp.is_control(i) or sp.is_unknown(i) or sp.is_unused(i))}


def _multi_char(piece: str) -> bool:
    return len(piece.replace("\u2581", "")) > 1


def pruned_versus_kept(text: str, large: int, small: int) -> dict:
    """{"removed": [(piece, count)], "kept": [(piece, count)], "rarest_kept": int,
    "removed_more_frequent": [(piece, count)]}, lists by count (descending), then piece.

    `kept` holds the multi-character pieces of the large model that the small one
    keeps; `removed_more_frequent` the dropped pieces used more often than the
    rarest of them.
    """
    if not small < large:
        raise ValueError(f"small ({small}) must be below large ({large})")
    big = spm.SentencePieceProcessor(model_proto=train_sentencepiece(text, large, "unigram"))
    little = spm.SentencePieceProcessor(model_proto=train_sentencepiece(text, small, "unigram"))
    counts = Counter(p for line in text.splitlines() if line.strip() for p in big.encode(line, out_type=str))
    order = lambda item: (-item[1], item[0])  # noqa: E731
    big_pieces, little_pieces = _normal_pieces(big), _normal_pieces(little)
    removed = sorted(((p, counts[p]) for p in big_pieces - little_pieces), key=order)
    kept = sorted(((p, counts[p]) for p in big_pieces & little_pieces if _multi_char(p)), key=order)
    rarest = min(c for _, c in kept)
    return {"removed": removed, "kept": kept, "rarest_kept": rarest,
            "removed_more_frequent": [(p, c) for p, c in removed if c > rarest]}
