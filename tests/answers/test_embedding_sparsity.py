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


def sampled_shares(V: int, s: float, n_tokens: int, draws: int, seed: int) -> torch.Tensor:
    """Shares of distinct ids in `draws` batches sampled by inverting the CDF (searchsorted on torch.rand)."""
    g = torch.Generator().manual_seed(seed)
    cdf = zipf(V, s).cumsum(0)
    shares = []
    for _ in range(draws):
        ids = torch.searchsorted(cdf, torch.rand(n_tokens, dtype=torch.float64, generator=g)).clamp_max(V - 1)
        shares.append(float((torch.bincount(ids, minlength=V) > 0).double().mean()))
    return torch.tensor(shares, dtype=torch.float64)


def test_rows_touched_bank_grid():
    combos = bank_combos(E.rows_touched_share)
    assert combos
    draws = 3
    for i, p in enumerate(combos):
        shares = sampled_shares(p["V"], p["s"], p["n_tokens"], draws, seed=i)
        expected = E.rows_touched_share(**p)
        # the row indicators are negatively correlated, so Var(distinct) <= sum_i q_i (1 - q_i)
        q = 1 - (1 - zipf(p["V"], p["s"])) ** p["n_tokens"]  # (V,) probability that row i is touched
        sd_bound = float((q * (1 - q)).sum().sqrt()) / p["V"] / draws ** 0.5
        assert abs(float(shares.mean()) - expected) <= 5 * sd_bound + 1e-6, (p, expected)


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


def test_sparse_gradient_facts_the_bank_states():
    """emb-sparse-optimizer: sparse=True stores only the looked-up rows, AdamW refuses a sparse gradient,
    SparseAdam changes only the rows in it, and a tied head's gradient stays dense."""
    V, d = 50, 4
    ids = torch.tensor([3, 7, 3, 11])
    table = nn.Embedding(V, d, sparse=True)
    table(ids).sum().backward()
    grad = table.weight.grad.coalesce()
    assert grad.is_sparse and sorted(grad.indices()[0].tolist()) == [3, 7, 11]
    with pytest.raises(RuntimeError, match="sparse"):
        torch.optim.AdamW(table.parameters()).step()
    before = table.weight.detach().clone()
    torch.optim.SparseAdam(table.parameters(), lr=0.1).step()
    changed = (table.weight.detach() != before).any(-1).nonzero().flatten().tolist()
    assert changed == [3, 7, 11]

    tied = nn.Embedding(V, d)  # dense table whose head is the same tensor
    hidden = tied(ids)                                          # (4, d)
    logits = hidden @ tied.weight.T                             # (4, V)
    nn.functional.cross_entropy(logits, torch.tensor([1, 2, 3, 4])).backward()
    assert bool((tied.weight.grad.abs().sum(-1) > 0).all())     # every row: the softmax reaches all logits
