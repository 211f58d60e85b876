"""Memory and share formulas of answers/complexity.py against the tensors torch would allocate."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import answers.complexity as C


@pytest.mark.parametrize("B,T,V,dtype", [(8, 2048, 128256, torch.float32), (2, 16, 50257, torch.bfloat16),
                                         (1, 1, 10, torch.float16)])
def test_logits_bytes_is_the_size_of_the_logits_tensor(B, T, V, dtype):
    head = nn.Linear(64, V, bias=False, device="meta", dtype=dtype)
    logits = head(torch.empty(B, T, 64, device="meta", dtype=dtype))
    assert C.logits_bytes(B, T, V, torch.finfo(dtype).bits // 8) == logits.nbytes


@pytest.mark.parametrize("layers,kv_heads,head_dim,T,B", [(32, 8, 128, 8192, 1), (2, 1, 16, 10, 3)])
def test_kv_cache_bytes_counts_keys_and_values_of_every_layer(layers, kv_heads, head_dim, T, B):
    cache = [(torch.empty(B, kv_heads, T, head_dim, device="meta", dtype=torch.float16),
              torch.empty(B, kv_heads, T, head_dim, device="meta", dtype=torch.float16)) for _ in range(layers)]
    assert C.kv_cache_bytes(layers, kv_heads, head_dim, T, B) == sum(k.nbytes + v.nbytes for k, v in cache)


@pytest.mark.parametrize("d,h,V,T", [(300, 512, 30000, 50), (16, 8, 100, 3)])
def test_output_layer_share_matches_counted_flops(d, h, V, T):
    W_xh, W_hh, W_hy = nn.Linear(d, h), nn.Linear(h, h, bias=False), nn.Linear(h, V)
    x, state = torch.randn(1, T, d), torch.zeros(1, h)
    with FlopCounterMode(display=False) as total:
        for t in range(T):
            state = torch.tanh(W_xh(x[:, t]) + W_hh(state))
            W_hy(state)
    with FlopCounterMode(display=False) as head_only:
        for t in range(T):
            W_hy(state)
    share = head_only.get_total_flops() / total.get_total_flops()
    assert C.output_layer_share(d, h, V) == pytest.approx(share, rel=1e-12)
