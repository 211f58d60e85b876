"""answers/tokenizers/unigram_pruning.py against sentencepiece models trained and counted here directly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import sentencepiece as spm

from answers.tokenizers.spm import train_sentencepiece
from answers.tokenizers.unigram_pruning import pruned_versus_kept

TEXT = (Path(__file__).resolve().parents[2] / "answers" / "data" / "own_text_ru.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result():
    return pruned_versus_kept(TEXT, 800, 450)


def test_partition_and_counts_match_sentencepiece(result):
    big = spm.SentencePieceProcessor(model_proto=train_sentencepiece(TEXT, 800, "unigram"))
    little = spm.SentencePieceProcessor(model_proto=train_sentencepiece(TEXT, 450, "unigram"))
    big_vocab = {big.id_to_piece(i) for i in range(big.get_piece_size())}
    little_vocab = {little.id_to_piece(i) for i in range(little.get_piece_size())}
    used = Counter(p for line in TEXT.splitlines() if line.strip() for p in big.encode(line, out_type=str))
    for piece, count in result["removed"]:
        assert piece in big_vocab and piece not in little_vocab and used[piece] == count
    for piece, count in result["kept"]:
        assert piece in little_vocab and used[piece] == count and len(piece.replace("\u2581", "")) > 1
    assert result["rarest_kept"] == min(c for _, c in result["kept"])


def test_dropped_pieces_are_not_simply_the_rare_ones(result):
    assert result["removed_more_frequent"], "some dropped piece is used more than a kept one"
    assert all(c > result["rarest_kept"] for _, c in result["removed_more_frequent"])


def test_deterministic_and_argument_check(result):
    assert pruned_versus_kept(TEXT, 800, 450) == result
    with pytest.raises(ValueError):
        pruned_versus_kept(TEXT, 400, 800)
