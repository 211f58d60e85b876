"""answers/vocab_tradeoff.py against torch: FLOPs counted by FlopCounterMode over a forward pass of a
decoder's weight matrices (L applications of a block of q, k, v, o and an MLP d -> 4d -> d, and the d x V
head), built on the meta device, on whole texts of T and T * length_ratio tokens."""

from __future__ import annotations

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import answers.vocab_tradeoff as T


def decoder_matrices(d: int, V: int) -> nn.ModuleDict:
    """One block's weight matrices (q, k, v, o, MLP up and down) and the head; every block of the stack has
    the same shapes, so the stack is this block applied L times."""
    block = nn.ModuleList([nn.Linear(d, d, bias=False) for _ in range(4)]  # q, k, v, o
                          + [nn.Linear(d, 4 * d, bias=False), nn.Linear(4 * d, d, bias=False)])
    return nn.ModuleDict(dict(block=block, head=nn.Linear(d, V, bias=False)))


def flops_of(fn) -> int:
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


def forward_macs(model: nn.ModuleDict, L: int, tokens: int, d: int) -> int:
    """MACs of the stack on `tokens` positions: one block counted by FlopCounterMode, times L (the blocks are
    identical), plus the head."""
    x = torch.empty(tokens, d, device="meta")  # (T, d)
    q, k, v, o, up, down = model.block

    def block():
        q(x), k(x), v(x)
        o(x)
        down(up(x))  # the MLP's shapes; the activation costs no matmul

    return (L * flops_of(block) + flops_of(lambda: model.head(x))) // 2


def test_text_compute_ratio_bank_grid():
    combos = bank_combos(T.text_compute_ratio)
    assert combos
    T1 = 200
    models = {}
    for p in combos:
        T2 = T1 * p["length_ratio"]
        assert T2 == int(T2), "the grid's length ratios make whole token counts of a 200-token text"
        for V in (p["V1"], p["V2"]):
            if (p["d"], V) not in models:
                with torch.device("meta"):
                    models[p["d"], V] = decoder_matrices(p["d"], V)
        expected = (forward_macs(models[p["d"], p["V2"]], p["L"], int(T2), p["d"])
                    / forward_macs(models[p["d"], p["V1"]], p["L"], T1, p["d"]))
        assert T.text_compute_ratio(**p) == pytest.approx(expected, rel=1e-12)


def test_a_stack_of_L_blocks_counts_L_times_one_block():
    with torch.device("meta"):
        model = decoder_matrices(64, 1000)
    x = torch.empty(10, 64, device="meta")
    q, k, v, o, up, down = model.block

    def stack():
        for _ in range(3):
            q(x), k(x), v(x)
            o(x)
            down(up(x))
        model.head(x)

    assert flops_of(stack) // 2 == forward_macs(model, 3, 10, 64)


@pytest.mark.parametrize("d,L,V", [(768, 12, 50257), (64, 2, 1000)])
def test_macs_per_token(d, L, V):
    with torch.device("meta"):
        model = decoder_matrices(d, V)
    assert T.macs_per_token(d, L, V) == forward_macs(model, L, 1, d)
    assert T.head_share(d, L, V) == pytest.approx(d * V / forward_macs(model, L, 1, d))


def test_length_ratio_is_checked():
    with pytest.raises(ValueError):
        T.text_compute_ratio(512, 8, 32000, 64000, 1.5)


@pytest.mark.parametrize("call,value", docstring_examples(T))
def test_docstring_examples(call, value):
    check_example(T, call, value)
