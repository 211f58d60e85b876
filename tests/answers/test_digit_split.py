"""answers/digit_split.py against two independent spellings of the same rules: GPT-4's pre-tokenization
pattern for numbers (`\\p{N}{1,3}`, here `\\d{1,3}` on ASCII digits) for left-to-right chunks, and Python's
thousands separator for right-to-left ones."""

from __future__ import annotations

import random
import re

import pytest
from bank_grids import check_example, docstring_examples

import answers.digit_split as D


@pytest.mark.parametrize("seed", range(200))
def test_chunks_match_the_regex_and_the_thousands_separator(seed):
    rng = random.Random(seed)
    number = str(rng.randint(1, 10 ** rng.randint(1, 15)))
    assert D.chunk_digits(number, 3) == re.findall(r"\d{1,3}", number)
    assert D.chunk_digits(number, 3, from_right=True) == f"{int(number):,}".split(",")
    assert D.chunk_digits(number, 1) == list(number)
    assert "".join(D.chunk_digits(number, 3)) == number


def test_right_to_left_keeps_place_values_aligned():
    a, b, total = D.aligned_sum(1234567, 891, from_right=True)
    assert a[-1] == "567" and b[-1] == "891" and total[-1] == "458"    # units-thousands group lines up
    a, b, total = D.aligned_sum(1234567, 891)
    assert a[-1] == "7" and b[-1] == "891"                              # left to right: nothing lines up


def test_bad_input():
    with pytest.raises(ValueError):
        D.chunk_digits("12a", 3)


@pytest.mark.parametrize("call,value", docstring_examples(D))
def test_docstring_examples(call, value):
    check_example(D, call, value)
