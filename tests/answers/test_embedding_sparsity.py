"""answers/embedding_sparsity.py against torch: batches drawn with torch.multinomial from the same Zipf
distribution, the distinct ids counted, averaged over draws; and the gradient of a real nn.Embedding, whose
non-zero rows are exactly the batch's distinct ids."""

from __future__ import annotations

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn

import answers.embedding_sparsity as E


def zipf(V: int, s: float) -> torch.Tensor:
    w = torch.arange(1, V + 1, dtype=torch.float64) ** -s
    return w / w.sum()  # (V,)


def sampled_share(V: int, s: float, n_tokens: int, draws: int, seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    probs = zipf(V, s)
    return torch.tensor([torch.multinomial(probs, n_tokens, replacement=True, generator=g).unique().numel() / V
                         for _ in range(draws)], dtype=torch.float64)


def test_rows_touched_bank_grid():
    combos = bank_combos(E.rows_touched_share)
    assert combos
    for i, p in enumerate(combos):
        shares = sampled_share(p["V"], p["s"], p["n_tokens"], draws=8, seed=i)
        expected = E.rows_touched_share(**p)
        # the distinct count has a small spread across batches; 6 standard errors, and a floor for rounding
        assert abs(float(shares.mean()) - expected) <= 6 * float(shares.std()) / 8 ** 0.5 + 2e-4, (p, expected)


def test_only_the_batch_rows_get_a_gradient():
    V, d = 500, 16
    table = nn.Embedding(V, d)
    ids = torch.multinomial(zipf(V, 1.0).float(), 300, replacement=True, generator=torch.Generator().manual_seed(1))
    table(ids).pow(2).sum().backward()
    touched = table.weight.grad.abs().sum(-1) > 0  # (V,)
    assert touched.sum() == ids.unique().numel()
    assert set(touched.nonzero().flatten().tolist()) == set(ids.tolist())


def test_distinct_tokens_is_share_times_V():
    assert E.expected_distinct_tokens(1000, 1.2, 50) == pytest.approx(1000 * E.rows_touched_share(1000, 1.2, 50))


@pytest.mark.parametrize("call,value", docstring_examples(E))
def test_docstring_examples(call, value):
    check_example(E, call, value)
