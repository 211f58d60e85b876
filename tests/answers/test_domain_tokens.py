"""answers/domain_tokens.py against an explicit corpus: 1000 words written out as token lists, the term
split into p pieces or kept whole, and the tokens counted."""

from __future__ import annotations

import pytest
from bank_grids import bank_combos, check_example, docstring_examples

import answers.domain_tokens as D


def corpus_tokens(freq: int, pieces: int, tokens_per_word: float, merged: bool) -> int:
    """Token count of 1000 words: `freq` of them the term, the others one or two tokens each so that the
    unmerged corpus has 1000 * tokens_per_word tokens."""
    total = round(1000 * tokens_per_word)
    others = 1000 - freq
    two_token_words = total - freq * pieces - others   # the rest of the budget: words that split in two
    assert 0 <= two_token_words <= others
    words = [["term"] * (1 if merged else pieces)] * freq
    words += [["a", "b"]] * two_token_words + [["w"]] * (others - two_token_words)
    return sum(len(w) for w in words)


def test_bank_grid():
    combos = bank_combos(D.sequence_shortening)
    assert combos
    for p in combos:
        args = (p["freq_per_1000_words"], p["pieces"], p["tokens_per_word"])
        before, after = corpus_tokens(*args, merged=False), corpus_tokens(*args, merged=True)
        assert D.sequence_shortening(**p) == pytest.approx((before - after) / before, rel=1e-12)


def test_errors():
    with pytest.raises(ValueError):
        D.sequence_shortening(5, 0, 1.4)


@pytest.mark.parametrize("call,value", docstring_examples(D))
def test_docstring_examples(call, value):
    check_example(D, call, value)
