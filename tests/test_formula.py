"""Formulas in canonical form (seqprep.formula): equal when they are the same expression
up to spacing, implicit multiplication and factor order; different otherwise."""

from __future__ import annotations

import itertools
import random

import pytest

from seqprep.formula import parse

SAME = [
    ["T^2 d", "T^2d", "T²d", "d T^2", "T*T*d", "T T d", "$T^{2} d$", "T^2·d", "d·T²"],
    ["4Td^2", "4 T d^2", "4 d^2 T", "4·T·d²", "2Td^2 + 2Td^2", "4 T d d", "T (4 d^2)"],
    ["h^2+hd", "h^2 + h d", "hd + h^2", "h (h + d)", "h·h + h·d"],
    ["O(T (h^2 + h d))", "T h^2 + T h d", "T(h^2 + hd)", "O(T(h^2+hd))", "(h^2 + hd) T",
     "$O(T(h^2 + hd))$"],
    ["4Td^2 + 2T^2 d", "2T^2d + 4Td^2", "2 T (2 d^2 + T d)"],
    ["QK^T", "Q K^T", "QKᵀ", "Q K^\\top", "$QK^\\top$"],
    ["QK^T / sqrt(d_k)", "Q K^T/√d_k", "QK^\\top / \\sqrt{d_k}", "QK^T d_k^(-1/2)", "\\frac{QK^\\top}{\\sqrt{d_k}}"],
    ["d_model / h", "d_model h^-1", "\\frac{d_{model}}{h}"],
    ["(h + d)^2", "h^2 + 2hd + d^2"],
    ["V h", "Vh", "h V", "V·h"],
]
DIFFERENT = [
    ("T^2 d", "T^3"), ("T^2 d", "T d^2"), ("T^2 d", "2 T^2 d"), ("4Td^2", "4T^2d"), ("h^2 + hd", "h^2"),
    ("h^2 + hd", "T(h^2 + hd)"), ("QK^T", "QK"), ("QK^T", "KQ^T"), ("d_k", "d k"), ("sqrt(d_k)", "d_k"),
    ("4Td^2 + 2T^2d", "4Td^2 + 3T^2d"),
]


@pytest.mark.parametrize("group", SAME, ids=lambda g: g[0])
def test_the_same_expression_compares_equal(group):
    forms = [parse(text) for text in group]
    assert all(not f.text for f in forms), [text for text, f in zip(group, forms) if f.text]
    assert all(f == forms[0] for f in forms), {text: str(f) for text, f in zip(group, forms)}


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_different_expressions_differ(a, b):
    assert parse(a) != parse(b)


def test_contains_terms_and_factors_but_not_more():
    total = parse("4Td^2 + 2T^2 d")
    assert total.contains(parse("2 T^2 d")) and total.contains(parse("4 T d^2"))
    assert total.contains(parse("T^2 d")), "a term written without its coefficient"
    assert not total.contains(parse("3 T^2 d")) and not total.contains(parse("T^3"))
    scores = parse("QK^T / sqrt(d_k)")
    assert scores.contains(parse("QK^T")) and scores.contains(parse("sqrt(d_k)"))
    assert not parse("T^2 d h").contains(parse("T^2 d")), "an extra multiplied factor changes the claim"


def test_function_arguments_are_formulas_too():
    pieces = [str(p) for p in parse("softmax(QK^T / sqrt(d_k)) V").pieces()]
    assert str(parse("QK^T d_k^(-1/2)")) in pieces


def test_unparsable_text_is_compared_as_text():
    weird = parse("|1 - h^2| <= 1")
    assert weird.text and weird == parse("|1-h^2|<=1") and weird != parse("|1 - h^3| <= 1")


@pytest.mark.parametrize("seed", range(300))
def test_random_polynomials_in_any_order_and_spacing(seed):
    """A random polynomial written with its terms and factors shuffled, spaced or not, with
    repeated letters for powers or ^: always the same canonical form; changing one exponent
    never is."""
    rng = random.Random(seed)
    names = ["T", "d", "h", "V", "B", "d_k"]
    terms = {}
    for _ in range(rng.randint(1, 3)):
        powers = tuple(sorted((v, rng.randint(1, 3)) for v in rng.sample(names, rng.randint(1, 3))))
        terms[powers] = terms.get(powers, 0) + rng.randint(1, 5)

    def write(terms) -> str:
        out = []
        for powers, coefficient in rng.sample(list(terms.items()), len(terms)):
            factors = []
            for v, e in rng.sample(list(powers), len(powers)):
                factors.append(rng.choice([f"{v}^{e}", f"{v}^{{{e}}}", " ".join([v] * e) if len(v) == 1 else f"{v}^{e}"]))
            head = [] if coefficient == 1 and rng.random() < 0.5 else [str(coefficient)]
            out.append(rng.choice([" ", "·", " * "]).join(head + factors))
        return " + ".join(out)

    first, second = parse(write(terms)), parse(write(terms))
    assert not first.text and first == second, (write(terms), str(first), str(second))
    powers, coefficient = next(iter(terms.items()))
    changed = dict(terms)
    del changed[powers]
    bumped = tuple(sorted((v, e + (i == 0)) for i, (v, e) in enumerate(powers)))
    changed[bumped] = changed.get(bumped, 0) + coefficient
    assert parse(write(changed)) != first
