"""answers/embedding_init.py against torch: a table drawn with nn.init.normal_, a tied head, final
hidden states out of a real nn.LayerNorm, and the standard deviation of the logits measured."""

from __future__ import annotations

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn

import answers.embedding_init as E


def measured_logit_std(d: int, sigma: float, seed: int, V: int = 2048, B: int = 64) -> float:
    torch.manual_seed(seed)
    table = nn.Embedding(V, d)
    nn.init.normal_(table.weight, std=sigma)
    head = nn.Linear(d, V, bias=False)
    head.weight = table.weight                           # tied
    final_norm = nn.LayerNorm(d)                          # weight 1, bias 0 at initialization
    residual = torch.randn(B, d) * 3 + 1                  # any scale: the norm removes it
    with torch.no_grad():
        logits = head(final_norm(residual))               # (B, V)
    return float(logits.std())


def test_bank_grid():
    combos = bank_combos(E.initial_logit_std)
    assert combos
    for i, p in enumerate(combos):
        assert E.initial_logit_std(**p) == pytest.approx(measured_logit_std(p["d"], p["sigma"], seed=i), rel=0.03)


def test_default_init_is_sigma_one():
    table = nn.Embedding(4096, 256)
    assert float(table.weight.detach().std()) == pytest.approx(1.0, rel=0.01)
    assert E.initial_logit_std(256, 1.0) == pytest.approx(measured_logit_std(256, 1.0, seed=7), rel=0.03)


@pytest.mark.parametrize("call,value", docstring_examples(E))
def test_docstring_examples(call, value):
    check_example(E, call, value)
