"""answers/attention_patterns.py against the True entries of boolean masks built in torch."""

from __future__ import annotations

import itertools

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples

import answers.attention_patterns as P


def positions(T):
    i = torch.arange(T, dtype=torch.int16)[:, None]  # (T, 1) queries; int16 keeps (T, T) masks small
    j = torch.arange(T, dtype=torch.int16)[None, :]  # (1, T) keys
    return i, j


def causal_mask(T):
    return torch.ones(T, T, dtype=torch.bool).tril()


def sliding_mask(T, w):
    i, j = positions(T)
    return (j <= i) & (j > i - w)


def longformer_mask(T, w, g):
    i, j = positions(T)
    return ((i - j).abs() <= w) | (i < g) | (j < g)


def prefix_lm_mask(T, P_):
    mask = causal_mask(T)
    mask[:P_, :P_] = True
    return mask


SMALL = list(itertools.product([1, 2, 5, 16, 33], [1, 2, 3, 8, 40]))


@pytest.mark.parametrize("T,w", SMALL)
def test_small_patterns(T, w):
    assert P.causal_pairs(T) == int(causal_mask(T).sum())
    assert P.sliding_window_pairs(T, w) == int(sliding_mask(T, w).sum())
    for g in (0, 1, 3):
        assert P.longformer_pairs(T, w, g) == int(longformer_mask(T, w, g).sum())
    for prefix in range(T + 1):
        assert P.prefix_lm_pairs(T, prefix) == int(prefix_lm_mask(T, prefix).sum())


def test_bank_grids():
    sliding, longformer, prefix = (bank_combos(f) for f in (P.sliding_window_pairs, P.longformer_pairs,
                                                            P.prefix_lm_pairs))
    assert sliding and longformer and prefix
    for p in sliding:
        assert P.sliding_window_pairs(**p) == int(sliding_mask(p["T"], p["w"]).sum())
    for p in longformer:
        assert P.longformer_pairs(**p) == int(longformer_mask(p["T"], p["w"], p["g"]).sum())
    for p in prefix:
        assert P.prefix_lm_pairs(**p) == int(prefix_lm_mask(p["T"], p["P"]).sum())


def test_prefix_outside_the_sequence_is_refused():
    with pytest.raises(ValueError):
        P.prefix_lm_pairs(4, 5)


@pytest.mark.parametrize("call,value", docstring_examples(P))
def test_docstring_examples(call, value):
    check_example(P, call, value)
