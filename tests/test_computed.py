"""Computed numbers in prose: `{{ answers.f(args)[key] | spec }}`."""

from __future__ import annotations

import math

import pytest

from seqprep.computed import PlaceholderError, parse, refs_in, render


def test_render_formats_by_language():
    text = "{{ answers.complexity.rnn_param_count(d=300, h=512, V=30000, bias=False) }}"
    assert render(text, "en") == "15,775,744"
    assert render(text, "ru") == "15\u202f775\u202f744"


def test_format_spec_lists_and_tuples():
    weights = [math.exp(s) for s in (5.2, 8.7, 2.1)]
    expected = ", ".join(f"{w / sum(weights):.3f}" for w in weights)
    assert render("{{ answers.closed_form.softmax([5.2, 8.7, 2.1]) | .3f }}", "en") == expected
    assert render("{{ answers.closed_form.softmax([5.2, 8.7, 2.1]) | .3f }}", "ru") == expected.replace(
        ", ", "; ").replace(".", ",")
    assert render('{{ answers.tokenizers.bpe.train_bpe("aaa", 1) }}', "en") == "a + a"


def test_literal_indices_pick_from_the_result():
    softmax = [math.exp(1) / (math.exp(1) + math.exp(2)), math.exp(2) / (math.exp(1) + math.exp(2))]
    assert render("{{ answers.closed_form.softmax([1, 2])[1] | .4f }}", "en") == f"{softmax[1]:.4f}"
    assert parse("answers.closed_form.softmax([1, 2])[1] | .4f") == ("answers.closed_form.softmax", [[1, 2]], {},
                                                                   ".4f")


def test_numbers_inside_math_are_written_for_tex():
    assert render("$V = {{ answers.complexity.embedding_param_count(30000, 1) }}$", "en") == "$V = 30{,}000$"
    assert render("$V = {{ answers.complexity.embedding_param_count(30000, 1) }}$", "ru") == "$V = 30\\,000$"


@pytest.mark.parametrize("source, message", [
    ("print(1)", "must call a function in answers/"),
    ("answers.closed_form.softmax(x)", "arguments must be literals"),
    ("answers.closed_form.softmax([1])[i]", "an index must be a literal"),
    ("answers.closed_form.softmax(", "cannot parse"),
    ("1 + 2", "is not a call"),
])
def test_malformed_placeholders_are_refused(source, message):
    with pytest.raises(PlaceholderError, match=message):
        refs_in("{{ " + source + " }}")


def test_text_without_placeholders_is_untouched():
    assert render("plain {braces} and $x$", "en") == "plain {braces} and $x$"
