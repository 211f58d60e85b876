"""Comparing tokenizers: properties that must hold on a corpus built here.

The test words include stems and endings the training text never had, so a
word-level vocabulary must miss some of them; the numbers for the word-level
row are recounted here from the raw words.
"""

import random

import pytest

from answers.tokenizers.bpe import SPACE
from answers.tokenizers.compare import build_tokenizers, compare_tokenizers, tokenize_sentence

STEMS = ["пицц", "кошк", "сет", "модел", "слов", "книг", "дорог", "рук",
         "token", "model", "layer", "head", "word", "train", "learn", "read"]
ENDS = ["а", "у", "ы", "е", "ой", "ами", "s", "ed", "ing", "er", ""]
VOCAB_SIZE = 340


def _sentences(rng, stems, ends, n):
    return [" ".join(rng.choice(stems) + rng.choice(ends) for _ in range(rng.randint(4, 10)))
            for _ in range(n)]


@pytest.fixture(scope="module")
def corpus():
    rng = random.Random(0)
    train = _sentences(rng, STEMS[:12], ENDS[:8], 500)     # some stems and endings held out
    test = _sentences(rng, STEMS, ENDS, 100)
    return train, test


@pytest.fixture(scope="module")
def tokenizers(corpus):
    return build_tokenizers(corpus[0], VOCAB_SIZE)


@pytest.fixture(scope="module")
def rows(corpus, tokenizers):
    return {r["name"]: r for r in compare_tokenizers(corpus[0], corpus[1], VOCAB_SIZE, tokenizers)}


def test_rows_for_all_four(rows):
    assert list(rows) == ["word", "bpe", "spm-bpe", "spm-unigram"]
    for name in ["bpe", "spm-bpe", "spm-unigram"]:
        assert rows[name]["vocab_size"] == VOCAB_SIZE


def test_word_level_row_recounted(rows, corpus):
    train, test = corpus
    words = [w for t in test for w in t.split()]
    counts = {}
    for w in (w for t in train for w in t.split()):
        counts[w] = counts.get(w, 0) + 1
    known = set(counts)                        # fewer than VOCAB_SIZE - 2 distinct words: all kept
    assert len(known) <= VOCAB_SIZE - 2
    row = rows["word"]
    assert row["tokens_per_word"] == 1.0
    assert row["oov_rate"] == pytest.approx(sum(w not in known for w in words) / len(words))
    assert row["chars_per_token"] == pytest.approx(sum(map(len, test)) / len(words))
    assert row["vocab_size"] == len(known) + 2


def test_word_level_has_the_highest_oov(rows):
    assert rows["word"]["oov_rate"] > 0.1
    for name in ["bpe", "spm-bpe", "spm-unigram"]:
        assert rows[name]["oov_rate"] == 0.0                     # byte fallback
        assert rows[name]["oov_rate"] < rows["word"]["oov_rate"]


def test_subword_tokens_per_word_at_least_one(rows):
    for name in ["bpe", "spm-bpe", "spm-unigram"]:
        assert rows[name]["tokens_per_word"] >= 1.0
        assert rows[name]["chars_per_token"] < rows["word"]["chars_per_token"]


def test_vocab_used_is_bounded(rows, tokenizers, corpus):
    for name, row in rows.items():
        used = {i for t in corpus[1] for i in tokenizers[name].encode(t)}
        assert row["vocab_used"] == len(used) <= row["vocab_size"]
        assert row["vocab_used_share"] == pytest.approx(len(used) / row["vocab_size"])


def test_tokenize_sentence(tokenizers):
    sentence = "моделами пиццу reading"                 # stem "read" and ending "ing" unseen
    pieces = tokenize_sentence(sentence, tokenizers)
    assert list(pieces) == list(tokenizers)
    assert pieces["word"] == ["моделами", "пиццу", "[UNK]"]
    for name in ["bpe", "spm-bpe", "spm-unigram"]:
        assert len(pieces[name]) > 3                    # "reading" takes several pieces
        assert tokenizers[name].decode(tokenizers[name].encode(sentence)) == sentence
    # "i" and "g" never occur in training (no "ing", no "learn"/"train"): bytes 0x69, 0x67
    assert pieces["bpe"][-3:] == ["<0x69>", "n", "<0x67>"]
    assert "".join(pieces["bpe"][:-3]).replace(SPACE, " ") == "моделами пиццу read"
