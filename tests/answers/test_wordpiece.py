"""WordPiece: greedy longest-match-first, "##" continuations, [UNK] rules.

Every expectation is worked out by hand in the comments.
"""

import pytest

from answers.tokenizers.wordpiece import wordpiece_encode, wordpiece_tokenize


def test_bert_example():
    assert wordpiece_tokenize("unaffable", {"un", "##aff", "##able"}) == ["un", "##aff", "##able"]


def test_document_example():
    vocab = {"не", "##понят", "##ный", "##п", "##о", "н"}
    # "непонятный": "не" is the longest prefix in vocab, then "##понят", then "##ный"
    assert wordpiece_tokenize("непонятный", vocab) == ["не", "##понят", "##ный"]


def test_longest_match_is_preferred():
    vocab = {"не", "непон", "##понят", "##ный", "##ятный"}
    # "непон" (5 chars) beats "не" (2 chars); the rest is "##ятный"
    assert wordpiece_tokenize("непонятный", vocab) == ["непон", "##ятный"]
    assert wordpiece_tokenize("abcd", {"a", "ab", "abc", "##d", "##cd"}) == ["abc", "##d"]


def test_continuation_pieces_need_the_prefix():
    # "aff" without "##" cannot continue a word
    assert wordpiece_tokenize("unaff", {"un", "aff"}) == ["[UNK]"]
    # and "##un" cannot start one
    assert wordpiece_tokenize("un", {"##un"}) == ["[UNK]"]


def test_unmatchable_character_gives_unk():
    assert wordpiece_tokenize("un€", {"un", "##e"}) == ["[UNK]"]
    assert wordpiece_tokenize("x", {"un"}, unk="<unk>") == ["<unk>"]


def test_greedy_is_not_a_search():
    # "ab" is taken first, then "##c" is missing; "a" + "##bc" would have worked
    assert wordpiece_tokenize("abc", {"ab", "a", "##bc"}) == ["[UNK]"]


@pytest.mark.parametrize("length, expected", [(5, ["aaaaa"]), (6, ["[UNK]"])])
def test_max_chars(length, expected):
    assert wordpiece_tokenize("a" * length, {"aaaaa", "aaaaaa"}, max_chars=5) == expected


def test_whole_word_in_vocab_and_empty_word():
    assert wordpiece_tokenize("пицца", {"пицца", "пи"}) == ["пицца"]
    assert wordpiece_tokenize("", {"a"}) == []


def test_encode_text_word_by_word():
    vocab = {"я", "хоч", "##у", "пицц"}
    assert wordpiece_encode("я хочу пиццу", vocab) == ["я", "хоч", "##у", "пицц", "##у"]
    assert wordpiece_encode("я ем", vocab) == ["я", "[UNK]"]
