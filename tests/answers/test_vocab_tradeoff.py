"""answers/vocab_tradeoff.py against torch: FLOPs counted by FlopCounterMode over a forward pass of a
decoder's weight matrices (L blocks of q, k, v, o and an MLP d -> 4d -> d, and the d x V head), built on
the meta device, on whole texts of T and T * length_ratio tokens."""

from __future__ import annotations

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import answers.vocab_tradeoff as T


def decoder_matrices(d: int, L: int, V: int) -> nn.ModuleDict:
    block = lambda: nn.ModuleList([nn.Linear(d, d, bias=False) for _ in range(4)]  # noqa: E731 - q, k, v, o
                                  + [nn.Linear(d, 4 * d, bias=False), nn.Linear(4 * d, d, bias=False)])
    return nn.ModuleDict(dict(blocks=nn.ModuleList(block() for _ in range(L)), head=nn.Linear(d, V, bias=False)))


def forward_macs(model: nn.ModuleDict, tokens: int, d: int) -> int:
    x = torch.empty(tokens, d, device="meta")  # (T, d)
    with FlopCounterMode(display=False) as counter:
        for block in model.blocks:
            q, k, v, o, up, down = block
            q(x), k(x), v(x)
            o(x)
            down(up(x))  # the MLP's shapes; the activation costs no matmul
        model.head(x)  # (T, V)
    return counter.get_total_flops() // 2


def test_text_compute_ratio_bank_grid():
    combos = bank_combos(T.text_compute_ratio)
    assert combos
    T1 = 200
    for p in combos:
        T2 = T1 * p["length_ratio"]
        assert T2 == int(T2), "the grid's length ratios make whole token counts of a 200-token text"
        with torch.device("meta"):
            small, large = decoder_matrices(p["d"], p["L"], p["V1"]), decoder_matrices(p["d"], p["L"], p["V2"])
        expected = forward_macs(large, int(T2), p["d"]) / forward_macs(small, T1, p["d"])
        assert T.text_compute_ratio(**p) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("d,L,V", [(768, 12, 50257), (64, 2, 1000)])
def test_macs_per_token(d, L, V):
    with torch.device("meta"):
        model = decoder_matrices(d, L, V)
    assert T.macs_per_token(d, L, V) == forward_macs(model, 1, d)
    assert T.head_share(d, L, V) == pytest.approx(d * V / forward_macs(model, 1, d))


def test_length_ratio_is_checked():
    with pytest.raises(ValueError):
        T.text_compute_ratio(512, 8, 32000, 64000, 1.5)


@pytest.mark.parametrize("call,value", docstring_examples(T))
def test_docstring_examples(call, value):
    check_example(T, call, value)
