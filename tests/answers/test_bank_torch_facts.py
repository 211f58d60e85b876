"""Facts about torch that the answers of the tokenizer and embedding sections state without numbers
(ext-train-only-new-rows), pinned so that they stay true: a gradient mask freezes old rows only for the
gradient, AdamW's weight decay still moves them, and an optimizer that holds only the new rows leaves the
old ones bit for bit."""

from __future__ import annotations

import torch
from torch import nn


def masked_table(V_old: int, V_new: int, d: int):
    torch.manual_seed(0)
    table = nn.Embedding(V_old + V_new, d)
    mask = torch.cat([torch.zeros(V_old, 1), torch.ones(V_new, 1)])  # (V', 1): train only the new rows
    table.weight.register_hook(lambda g: g * mask)
    return table


def train(table: nn.Embedding, optimizer: torch.optim.Optimizer, steps: int = 3) -> None:
    ids = torch.arange(table.num_embeddings)
    for _ in range(steps):
        optimizer.zero_grad()
        table(ids).pow(2).sum().backward()
        optimizer.step()


def test_the_mask_zeroes_old_gradients_but_weight_decay_moves_old_rows():
    table = masked_table(6, 2, 4)
    old = table.weight.detach()[:6].clone()
    train(table, torch.optim.AdamW(table.parameters(), lr=0.1, weight_decay=0.1))
    assert not torch.equal(table.weight.detach()[:6], old)   # decoupled decay reached the frozen rows


def test_no_decay_and_a_fresh_optimizer_keep_old_rows_exact():
    table = masked_table(6, 2, 4)
    old, new = table.weight.detach()[:6].clone(), table.weight.detach()[6:].clone()
    train(table, torch.optim.AdamW(table.parameters(), lr=0.1, weight_decay=0.0))
    assert torch.equal(table.weight.detach()[:6], old)
    assert not torch.equal(table.weight.detach()[6:], new)


def test_requires_grad_is_per_tensor():
    table = nn.Embedding(8, 4)
    assert table.weight.requires_grad and table.weight[:6].requires_grad  # a slice cannot be frozen on its own
