"""The attention formulas of answers.complexity against torch: parameter counts as sums
of p.numel(), MACs via FlopCounterMode around the hand-written attention (FLOPs = 2 x
MACs), and score counts / bytes against the weights tensor that our sdpa returns."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from answers import complexity as C
from answers.attention import MultiHeadSelfAttention, scaled_dot_product_attention

SIZES = [(8, 1), (16, 4), (48, 6), (64, 8)]  # (d_model, num_heads)


def _numel(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _flops(fn, *args) -> int:
    with FlopCounterMode(display=False) as counter:
        fn(*args)
    return counter.get_total_flops()


# ----------------------------------------------------------------------------- parameters


@pytest.mark.parametrize("d_model,num_heads", SIZES)
@pytest.mark.parametrize("bias", [True, False])
def test_mha_param_count(d_model, num_heads, bias):
    expected = C.mha_param_count(d_model, bias)
    assert _numel(MultiHeadSelfAttention(d_model, num_heads, bias=bias)) == expected
    assert _numel(nn.MultiheadAttention(d_model, num_heads, bias=bias)) == expected


def test_mha_param_count_does_not_depend_on_heads():
    assert len({_numel(MultiHeadSelfAttention(48, h)) for h in (1, 2, 3, 4, 6, 8, 12)}) == 1


@pytest.mark.parametrize("d_model,d_ff", [(8, 32), (16, 64), (32, 48), (64, 256)])
@pytest.mark.parametrize("bias", [True, False])
def test_ffn_param_count(d_model, d_ff, bias):
    ffn = nn.Sequential(nn.Linear(d_model, d_ff, bias=bias), nn.ReLU(), nn.Linear(d_ff, d_model, bias=bias))
    assert _numel(ffn) == C.ffn_param_count(d_model, d_ff, bias)
    layer = nn.TransformerEncoderLayer(d_model, 2, d_ff, bias=bias)
    assert _numel(layer.linear1) + _numel(layer.linear2) == C.ffn_param_count(d_model, d_ff, bias)


@pytest.mark.parametrize("d_model,nhead,d_ff", [(8, 2, 32), (16, 4, 64), (32, 2, 48), (64, 8, 256)])
def test_transformer_block_param_count_with_bias(d_model, nhead, d_ff):
    assert _numel(nn.TransformerEncoderLayer(d_model, nhead, d_ff)) == C.transformer_block_param_count(d_model, d_ff)


@pytest.mark.parametrize("d_model,nhead,d_ff", [(8, 2, 32), (64, 8, 256)])
def test_transformer_block_param_count_without_bias(d_model, nhead, d_ff):
    """`nn.TransformerEncoderLayer(bias=False)` also drops the two LayerNorm biases."""
    torch_count = _numel(nn.TransformerEncoderLayer(d_model, nhead, d_ff, bias=False))
    assert torch_count == C.transformer_block_param_count(d_model, d_ff, bias=False)
    assert torch_count == C.mha_param_count(d_model, False) + C.ffn_param_count(d_model, d_ff, False) + 2 * d_model


# ----------------------------------------------------------------------------- MACs


class _Block(nn.Module):
    """Post-norm encoder block built on the hand-written attention, so every matmul is visible."""

    def __init__(self, d_model: int, num_heads: int, d_ff: int):
        super().__init__()
        self.attn = MultiHeadSelfAttention(d_model, num_heads)
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.linear1, self.linear2 = nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model)

    def forward(self, x):
        x = self.norm1(x + self.attn(x))  # (B, T, d)
        return self.norm2(x + self.linear2(F.relu(self.linear1(x))))  # (B, T, d)


@pytest.mark.parametrize("T", [1, 7, 32])
@pytest.mark.parametrize("d_model,num_heads", SIZES)
def test_attention_macs_flop_counter(T, d_model, num_heads):
    attn = MultiHeadSelfAttention(d_model, num_heads)
    x = torch.randn(1, T, d_model)
    assert _flops(attn, x) == 2 * C.attention_macs(T, d_model)


@pytest.mark.parametrize("T,d_model,num_heads,d_ff", [(1, 8, 2, 32), (10, 16, 4, 64), (25, 32, 2, 48)])
def test_transformer_block_macs_flop_counter(T, d_model, num_heads, d_ff):
    x = torch.randn(1, T, d_model)
    assert _flops(_Block(d_model, num_heads, d_ff), x) == 2 * C.transformer_block_macs(T, d_model, d_ff)


def test_flop_counter_misses_fused_sdpa_on_cpu():
    """Pinned pitfall: on CPU, 4-D F.scaled_dot_product_attention with d_k == d_v runs a fused
    kernel that FlopCounterMode counts as 0, so nn.TransformerEncoderLayer looks cheaper
    by exactly the 2 T^2 d score and weighted-sum MACs. (3-D inputs fall back to the
    math path, which is counted.)"""
    q = torch.randn(1, 4, 32, 16)
    assert _flops(F.scaled_dot_product_attention, q, q, q) == 0
    assert _flops(lambda a: scaled_dot_product_attention(a, a, a), q) == 2 * 2 * 4 * 32 * 32 * 16
    assert _flops(F.scaled_dot_product_attention, q[0], q[0], q[0]) == 2 * 2 * 4 * 32 * 32 * 16
    T, d, d_ff = 12, 16, 64
    layer = nn.TransformerEncoderLayer(d, 4, d_ff, dropout=0.0, batch_first=True)
    counted = _flops(layer, torch.randn(1, T, d))
    assert counted == 2 * (C.transformer_block_macs(T, d, d_ff) - 2 * T * T * d)


# ----------------------------------------------------------------------------- score memory


@pytest.mark.parametrize("T,B,num_heads", [(1, 1, 1), (16, 2, 4), (33, 3, 2), (64, 1, 8)])
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.float32, torch.float64])
def test_attention_scores_count_and_bytes(T, B, num_heads, dtype):
    q = torch.randn(B, num_heads, T, 8).to(dtype)
    _, weights = scaled_dot_product_attention(q, q, q)
    assert weights.numel() == C.attention_score_count(T, B, num_heads)
    assert weights.numel() * weights.element_size() == C.attention_scores_bytes(T, B, num_heads, weights.element_size())


def test_attention_scores_bytes_default_is_float32():
    q = torch.randn(2, 3, 10, 4)
    _, weights = scaled_dot_product_attention(q, q, q)
    assert weights.numel() * weights.element_size() == C.attention_scores_bytes(10, 2, 3)
