"""answers/zipf_tail.py against torch: Zipf counts computed as float64 tensors over every rank, and the
share below a count read off the whole tensor; and a sampled corpus whose rare tokens do appear about
as often as the formula says."""

from __future__ import annotations

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples

import answers.zipf_tail as Z


def zipf_counts(N: float, V: int, s: float = 1.0) -> torch.Tensor:
    weights = torch.arange(1, V + 1, dtype=torch.float64) ** -s
    return N * weights / weights.sum()  # (V,) expected count of each rank


def test_share_below_bank_grid():
    combos = bank_combos(Z.share_below)
    assert combos
    for p in combos:
        counts = zipf_counts(p["N"], p["V"], p.get("s", 1.0))
        assert Z.share_below(**p) == pytest.approx(float((counts < p["k"]).double().mean()), abs=1e-12)


@pytest.mark.parametrize("N,V,rank", [(1e9, 50000, 50000), (1e6, 1000, 1), (5e8, 128256, 70000)])
def test_expected_count(N, V, rank):
    assert Z.expected_count(N, V, rank) == pytest.approx(float(zipf_counts(N, V)[rank - 1]), rel=1e-12)


def test_a_sampled_corpus_agrees():
    V, N = 2000, 400_000
    probs = zipf_counts(1.0, V)
    sample = torch.multinomial(probs, N, replacement=True, generator=torch.Generator().manual_seed(0))
    observed = torch.bincount(sample, minlength=V).double()
    tail = slice(1000, 2000)  # the rarer half: compare totals, each expected ~ N / (r H)
    assert float(observed[tail].sum()) == pytest.approx(sum(Z.expected_count(N, V, r) for r in range(1001, 2001)),
                                                        rel=0.02)


@pytest.mark.parametrize("call,value", docstring_examples(Z))
def test_docstring_examples(call, value):
    check_example(Z, call, value)
