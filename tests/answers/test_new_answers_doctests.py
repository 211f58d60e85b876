"""The `>>>` examples in the docstrings of the answers/ modules written for the claims page and the bank's
vocabulary questions run and print what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["answers.vocab_matrix", "answers.parallel_time", "answers.positional_reading", "answers.dot_product",
           "answers.tokenizers.bpe_replay", "answers.tokenizers.wordpiece_scores", "seqprep.site.claims"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
