"""Word-level vocabulary: layout, frequency order, ties, [UNK], OOV rate.

Expected values are counted by hand in the comments.
"""

import pytest

from answers.tokenizers.base import Tokenizer
from answers.tokenizers.word_level import (WordTokenizer, build_vocab, decode, encode,
                                           oov_rate, word_counts)


def test_specials_first_then_frequency_descending():
    # counts: b 3, a 2, c 1
    assert build_vocab(["b a b", "c a b"]) == {"[PAD]": 0, "[UNK]": 1, "b": 2, "a": 3, "c": 4}


def test_ties_are_alphabetical():
    # z 2, y 2, x 1 -> y before z
    assert build_vocab(["z y x", "y z"]) == {"[PAD]": 0, "[UNK]": 1, "y": 2, "z": 3, "x": 4}
    # all once: code points п (U+043F) < х (U+0445) < я (U+044F)
    assert build_vocab(["я хочу пиццу"]) == {"[PAD]": 0, "[UNK]": 1, "пиццу": 2, "хочу": 3, "я": 4}


def test_specials_keep_the_given_order():
    vocab = build_vocab(["a"], specials=("[UNK]", "[CLS]", "[PAD]"))
    assert vocab == {"[UNK]": 0, "[CLS]": 1, "[PAD]": 2, "a": 3}


def test_a_word_spelled_like_a_special_keeps_the_special_id():
    assert build_vocab(["[UNK] a [UNK]"]) == {"[PAD]": 0, "[UNK]": 1, "a": 2}


def test_min_freq_and_max_size():
    texts = ["a a a b b c"]                      # a 3, b 2, c 1
    assert list(build_vocab(texts, min_freq=2)) == ["[PAD]", "[UNK]", "a", "b"]
    assert list(build_vocab(texts, max_size=3)) == ["[PAD]", "[UNK]", "a"]
    with pytest.raises(ValueError):
        build_vocab(texts, max_size=1)
    with pytest.raises(ValueError):
        build_vocab(texts, specials=("[UNK]", "[UNK]"))


def test_word_counts_split_on_any_whitespace():
    assert word_counts(["a  b\ta\nb b"]) == {"a": 2, "b": 3}


def test_unknown_words_map_to_unk_id():
    vocab = build_vocab(["я хочу пиццу"])       # я 4, хочу 3, пиццу 2, [UNK] 1
    assert encode("я хочу шаурму", vocab) == [4, 3, 1]
    with pytest.raises(KeyError):
        encode("x", {"a": 0})


def test_decode_joins_words_with_single_spaces():
    vocab = build_vocab(["я хочу пиццу"])
    assert decode(encode("я  хочу\nпиццу", vocab), vocab) == "я хочу пиццу"
    assert decode([4, 3, 1], vocab) == "я хочу [UNK]"


def test_oov_rate_hand_examples():
    vocab = {"[PAD]": 0, "[UNK]": 1, "я": 2, "хочу": 3, "пиццу": 4}
    assert oov_rate("я хочу шаурму", vocab) == pytest.approx(1 / 3)
    # 5 words, unknown: шаурму, и -> 2/5
    assert oov_rate(["я хочу шаурму", "пиццу и"], vocab) == pytest.approx(2 / 5)
    assert oov_rate(["я хочу пиццу"], vocab) == 0.0
    with pytest.raises(ValueError):
        oov_rate(["   "], vocab)


def test_word_tokenizer_interface():
    tok = WordTokenizer().train(["b a b", "c a b"], vocab_size=4)
    assert isinstance(tok, Tokenizer)
    assert tok.vocab == {"[PAD]": 0, "[UNK]": 1, "b": 2, "a": 3}
    assert tok.vocab_size == 4
    assert tok.unk_id == 1
    assert tok.encode("a c b") == [3, 1, 2]
    assert tok.tokenize("a c b") == ["a", "[UNK]", "b"]
    assert tok.decode([3, 2]) == "a b"
