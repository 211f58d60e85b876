"""answers/tokenizers/added_pieces.py against sentencepiece processors built here directly."""

from __future__ import annotations

from pathlib import Path

import sentencepiece as spm

from answers.tokenizers.added_pieces import added_versus_control, pieces_before_after
from answers.tokenizers.spm import train_sentencepiece

TEXT = (Path(__file__).resolve().parents[2] / "answers" / "data" / "own_text_ru.txt").read_text(encoding="utf-8")


def test_added_piece_is_text_and_control_piece_is_special():
    result = added_versus_control("[MASK]", TEXT)
    added, control = result["added"], result["control"]
    assert not added["is_control"] and "[MASK]" in added["pieces"] and "[MASK]" in added["decoded"]
    # a control symbol is never matched in raw text and is dropped on decode
    assert control["is_control"] and "[MASK]" not in control["pieces"] and "[MASK]" not in control["decoded"]
    assert control["decoded"].split() == ["я", "пиццу"]


def test_piece_counts_match_processors_trained_here():
    counts = pieces_before_after("азитромицин", TEXT, vocab_sizes=(400,), model_types=("bpe", "unigram"))
    for model_type in ("bpe", "unigram"):
        sp = spm.SentencePieceProcessor(model_proto=train_sentencepiece(TEXT, 400, model_type))
        assert counts["before"][f"{model_type} 400"] == len(sp.encode("азитромицин")) > 1
    assert counts["after"] == ["\u2581", "азитромицин"] and counts["word_after"] == ["азитромицин"]
