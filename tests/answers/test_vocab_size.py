"""Vocabulary size experiment: monotone sequence length, exact parameter counts, skips.

References: torch modules' numel for the parameter counts, a sentencepiece
model trained here for the token counts.
"""

import random
from collections import Counter

import pytest
import sentencepiece as spm
import torch.nn as nn

from answers.tokenizers.spm import train_sentencepiece
from answers.vocab_size import trained_rows, vocab_size_experiment

STEMS = ["пицц", "кошк", "сет", "модел", "слов", "книг", "дорог", "рук",
         "token", "model", "layer", "head", "word", "train", "learn", "read"]
ENDS = ["а", "у", "ы", "е", "ой", "ами", "s", "ed", "ing", "er", ""]
SIZES = [300, 320, 350, 400, 450, 5000]


def _sentences(rng, n):
    return [" ".join(rng.choice(STEMS) + rng.choice(ENDS) for _ in range(rng.randint(4, 10)))
            for _ in range(n)]


@pytest.fixture(scope="module")
def corpus():
    rng = random.Random(0)
    return _sentences(rng, 600), _sentences(rng, 100)


@pytest.fixture(scope="module")
def rows(corpus):
    return vocab_size_experiment(corpus[0], corpus[1], SIZES, d_model=64, hidden=96)


def test_too_large_sizes_are_skipped_with_a_note(rows):
    assert [r["vocab_size"] for r in rows] == SIZES
    skipped = rows[-1]
    assert "too large" in skipped["note"] and skipped["tokens_per_word"] is None
    assert [r["vocab_size"] for r in trained_rows(rows)] == SIZES[:-1]


def test_tokens_per_word_does_not_increase(rows):
    per_word = [r["tokens_per_word"] for r in trained_rows(rows)]
    assert all(a >= b for a, b in zip(per_word, per_word[1:])), per_word
    assert per_word[0] > per_word[-1] >= 1.0


def test_parameter_counts_match_torch(rows):
    for r in trained_rows(rows):
        assert r["embedding_params"] == nn.Embedding(r["vocab_size"], 64).weight.numel()
        head = nn.Linear(96, r["vocab_size"], bias=False)      # one MAC per weight per token
        assert r["softmax_macs_per_token"] == head.weight.numel()


def test_token_counts_and_rare_share_recounted(rows, corpus):
    train, test = corpus
    row = next(r for r in rows if r["vocab_size"] == 350)
    sp = spm.SentencePieceProcessor(model_proto=train_sentencepiece(train, 350))
    lengths = [len(sp.encode(t)) for t in test]
    assert row["tokens_per_sentence"] == pytest.approx(sum(lengths) / len(test))
    assert row["tokens_per_word"] == pytest.approx(sum(lengths) / sum(len(t.split()) for t in test))
    seen = Counter(i for t in train for i in sp.encode(t))
    learned = [i for i in range(sp.get_piece_size())
               if not (sp.is_unknown(i) or sp.is_control(i) or sp.is_byte(i))]
    assert row["rare_share"] == pytest.approx(sum(seen[i] < 5 for i in learned) / len(learned))
    assert 0.0 <= row["rare_share"] <= 1.0
