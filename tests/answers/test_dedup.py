"""answers/dedup.py against torch: the banding formula against the binomial distribution of matching
bands, and against MinHash itself simulated on real sets with a known Jaccard similarity."""

from __future__ import annotations

import math

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples

import answers.dedup as D


def binomial_candidate(s: float, r: int, b: int) -> float:
    """1 - P(no band matches): each band matches with probability s^r, independently of the others."""
    bands = torch.distributions.Binomial(total_count=b, probs=torch.tensor(s ** r, dtype=torch.float64))
    return float(1 - bands.log_prob(torch.tensor(0.0, dtype=torch.float64)).exp())


def simulated_candidate_rate(s: float, r: int, b: int, trials: int, seed: int) -> float:
    """MinHash on two sets A, B with |A ∩ B| / |A ∪ B| = s: under a random permutation the union's
    minimum lies in the intersection exactly when the two MinHashes agree."""
    union = 20
    shared = round(s * union)
    assert shared / union == s
    g = torch.Generator().manual_seed(seed)
    ranks = torch.rand(trials, b, r, union, generator=g)   # a random hash value per element
    winner = ranks.argmin(-1)                              # (trials, b, r): the union's MinHash element
    rows_agree = winner < shared                           # elements 0..shared-1 are in both sets
    candidate = rows_agree.all(-1).any(-1)                 # (trials,)
    return float(candidate.double().mean())


def test_bank_grid_against_the_binomial():
    combos = bank_combos(D.candidate_probability)
    assert combos
    for p in combos:
        assert D.candidate_probability(**p) == pytest.approx(binomial_candidate(**p), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("s,r,b", [(0.5, 5, 20), (0.7, 4, 10), (0.8, 8, 4), (0.9, 10, 2), (0.3, 2, 5)])
def test_against_simulated_minhash(s, r, b):
    trials = 4000
    rate = simulated_candidate_rate(s, r, b, trials, seed=int(100 * s) + r + b)
    p = D.candidate_probability(s, r, b)
    assert abs(rate - p) <= 4 * math.sqrt(p * (1 - p) / trials) + 1e-3


def test_threshold_is_where_the_curve_is_steepest():
    r, b = 5, 20
    grid = [i / 1000 for i in range(1, 1000)]
    slopes = [(D.candidate_probability(x + 1e-4, r, b) - D.candidate_probability(x, r, b)) for x in grid]
    steepest = grid[max(range(len(grid)), key=slopes.__getitem__)]
    assert abs(steepest - D.lsh_threshold(r, b)) < 0.05


def test_jaccard():
    assert D.jaccard({1, 2}, {1, 2}) == 1.0 and D.jaccard({1}, {2}) == 0.0
    with pytest.raises(ValueError):
        D.candidate_probability(1.5, 2, 2)


@pytest.mark.parametrize("call,value", docstring_examples(D))
def test_docstring_examples(call, value):
    check_example(D, call, value)
