"""answers.kv_cache against torch's F.scaled_dot_product_attention: decoding through the cache gives,
step by step, the rows of full causal attention; grouped-query heads; the caches' shapes."""

import math

import pytest
import torch
import torch.nn.functional as F

from answers.kv_cache import cached_attention, decode


def draw(B, H, H_kv, T, d_k, d_v, dtype=torch.float64, seed=0):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(B, H, T, d_k, generator=g, dtype=dtype)
    k = torch.randn(B, H_kv, T, d_k, generator=g, dtype=dtype)
    v = torch.randn(B, H_kv, T, d_v, generator=g, dtype=dtype)
    return q, k, v


def full_causal(q, k, v):
    return F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=k.shape[1] != q.shape[1])


@pytest.mark.parametrize("B,H,H_kv,T,d_k,d_v", [(1, 1, 1, 1, 3, 2), (2, 4, 4, 7, 5, 3), (3, 6, 2, 9, 4, 6),
                                                (1, 8, 1, 5, 8, 8), (2, 4, 2, 12, 3, 5)])
@pytest.mark.parametrize("prefill", [0, 1, 4])
def test_decoding_through_the_cache_equals_full_causal_attention(B, H, H_kv, T, d_k, d_v, prefill):
    q, k, v = draw(B, H, H_kv, T, d_k, d_v, seed=T + H)
    prefill = min(prefill, T)
    torch.testing.assert_close(decode(q, k, v, prefill), full_causal(q, k, v), atol=1e-12, rtol=1e-10)


def test_float32():
    q, k, v = draw(2, 4, 2, 6, 8, 4, dtype=torch.float32)
    out = decode(q, k, v, 2)
    assert out.dtype == torch.float32
    torch.testing.assert_close(out, full_causal(q, k, v), atol=1e-5, rtol=1e-5)


def test_a_chunk_after_a_cache_uses_the_bottom_right_causal_mask():
    """4 new tokens after 3 cached ones: rows 3..6 of full attention. The top-left mask
    (is_causal=True with Tq != Tk) would hide keys the new tokens are entitled to see."""
    q, k, v = draw(2, 2, 2, 7, 4, 3)
    out, K, V = cached_attention(q[:, :, 3:], k[:, :, 3:], v[:, :, 3:], k[:, :, :3], v[:, :, :3])
    torch.testing.assert_close(out, full_causal(q, k, v)[:, :, 3:], atol=1e-12, rtol=1e-10)
    top_left = F.scaled_dot_product_attention(q[:, :, 3:], k, v, is_causal=True)
    assert (top_left - out).abs().max() > 1e-3
    assert torch.equal(K, k) and torch.equal(V, v)


def test_the_cache_keeps_the_kv_heads_not_the_expanded_ones():
    q, k, v = draw(2, 8, 2, 5, 4, 6)
    cache_k, cache_v = k.new_zeros(2, 2, 0, 4), v.new_zeros(2, 2, 0, 6)
    for t in range(5):
        out, cache_k, cache_v = cached_attention(q[:, :, t:t + 1], k[:, :, t:t + 1], v[:, :, t:t + 1],
                                                 cache_k, cache_v)
        assert out.shape == (2, 8, 1, 6)
        assert cache_k.shape == (2, 2, t + 1, 4) and cache_v.shape == (2, 2, t + 1, 6)
    assert torch.equal(cache_k, k) and torch.equal(cache_v, v)


def test_query_head_j_reads_kv_head_j_over_group():
    """repeat_interleave, not repeat: with H = 4, H_kv = 2 heads 0, 1 read KV head 0."""
    q, k, v = draw(1, 4, 2, 3, 4, 4)
    out = decode(q, k, v, 3)
    for j in range(4):
        torch.testing.assert_close(out[:, j], full_causal(q[:, j:j + 1], k[:, j // 2:j // 2 + 1],
                                                          v[:, j // 2:j // 2 + 1])[:, 0], atol=1e-12, rtol=0)


def test_heads_that_cannot_be_grouped_are_rejected():
    q, k, v = draw(1, 3, 2, 2, 4, 4)
    with pytest.raises(ValueError):
        cached_attention(q, k, v, k[:, :, :0], v[:, :, :0])


def test_docstring_example():
    q = torch.ones(1, 1, 1, 2, dtype=torch.float64)
    empty = torch.zeros(1, 1, 0, 2, dtype=torch.float64)
    out, K, V = cached_attention(q, torch.ones(1, 1, 1, 2, dtype=torch.float64),
                                 torch.full((1, 1, 1, 2), 3.0, dtype=torch.float64), empty, empty)
    assert out.flatten().tolist() == [3.0, 3.0]
    out, K, V = cached_attention(q, torch.zeros(1, 1, 1, 2, dtype=torch.float64),
                                 torch.ones(1, 1, 1, 2, dtype=torch.float64), K, V)
    w = 1 / (1 + math.exp(-2 / math.sqrt(2)))  # softmax([sqrt(2), 0])[0]
    assert round(w, 3) == 0.804
    torch.testing.assert_close(out.flatten(), torch.full((2,), 3 * w + (1 - w), dtype=torch.float64))
    assert round(out[0, 0, 0, 0].item(), 3) == 2.609
