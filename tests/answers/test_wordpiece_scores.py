"""answers/tokenizers/wordpiece_scores.py against hand counts."""

from __future__ import annotations

from fractions import Fraction

import pytest

from answers.tokenizers.wordpiece_scores import best_pairs, initial_symbols, pair_stats


def test_pizza_scores_by_hand():
    stats = {s.pair: s for s in pair_stats("пиццу пицца пицце")}
    # symbol counts: п 3, ##и 3, ##ц 6, ##у/##а/##е 1 each; 4 pairs per word, 12 in all
    assert stats[("п", "##и")].score == pytest.approx(float(Fraction(3, 3 * 3)))
    assert stats[("##и", "##ц")].score == pytest.approx(float(Fraction(3, 3 * 6)))
    assert stats[("##ц", "##ц")].score == pytest.approx(float(Fraction(3, 6 * 6)))
    assert stats[("##ц", "##у")].score == pytest.approx(float(Fraction(1, 6 * 1)))
    assert stats[("п", "##и")].probability == pytest.approx(3 / 12)
    assert best_pairs("пиццу пицца пицце", "count") == (("##и", "##ц"), ("##ц", "##ц"), ("п", "##и"))
    assert best_pairs("пиццу пицца пицце", "probability") == best_pairs("пиццу пицца пицце", "count")
    assert best_pairs("пиццу пицца пицце", "score") == (("п", "##и"),)


def test_rare_pair_that_always_co_occurs_beats_a_frequent_pair():
    # "th" is frequent but t and h are common; "qz" is rare but q and z never appear apart
    text = "the the the then than that qz " + "tab " * 3 + "hat " * 3
    assert best_pairs(text, "count") == (("t", "##h"),)
    assert best_pairs(text, "score") == (("q", "##z"),)


def test_initial_symbols():
    assert initial_symbols("abc") == ["a", "##b", "##c"]
