"""Attention with a KV cache: decode token by token and get what full causal attention gives.

A decoder recomputes nothing for past tokens: their keys and values are kept
(the cache) and each new step only projects its own token and attends over
the cache plus itself. `cached_attention` is one such step for a block of
T_new new tokens (T_new = 1 when decoding, the whole prompt when prefilling):

    q      [B, H,    T_new, d_k]    queries of the new tokens
    k_new  [B, H_kv, T_new, d_k]    their keys and values
    v_new  [B, H_kv, T_new, d_v]
    cache  [B, H_kv, T_past, d_k] and [B, H_kv, T_past, d_v]  (T_past may be 0)

    K = cat(k_cache, k_new) along time, V likewise  -> [B, H_kv, T_past + T_new, .]
    new token i sits at absolute position T_past + i and sees keys 0 .. T_past + i,
    so the causal mask is tril(ones(T_new, T_total), diagonal=T_past): aligned to the
    bottom-right corner, not the top-left one that `is_causal=True` uses when Tq != Tk.

Grouped-query attention (Ainslie et al., 2023): H_kv divides H, and query head
j reads KV head j // (H / H_kv), i.e. the KV heads are expanded with
`repeat_interleave`, as Llama does and as `F.scaled_dot_product_attention(...,
enable_gqa=True)` does. The cache keeps H_kv heads, never the expanded H: that
is the whole memory saving, H / H_kv times less (see
`answers.complexity.kv_cache_bytes`).

Running prefill on a prompt and then one step per token gives, step by step,
the rows of full causal attention over the whole sequence
(`tests/answers/test_kv_cache.py` checks it against torch's SDPA).

Tiny example (B = H = 1, d = 2): a first token with k = [1, 1], v = [3, 3] and an
empty cache sees only itself, so out = [3, 3]; a second token with k = [0, 0],
v = [1, 1] and q = [1, 1] scores [2/sqrt(2), 0] against the two keys, weights
[0.804, 0.196], out = 0.804 * 3 + 0.196 * 1 = [2.609, 2.609].
"""

from __future__ import annotations

import math

import torch


def cached_attention(q: torch.Tensor, k_new: torch.Tensor, v_new: torch.Tensor,
                     k_cache: torch.Tensor, v_cache: torch.Tensor
                     ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One step: returns (out [B, H, T_new, d_v], k_cache', v_cache' [B, H_kv, T_past + T_new, .])."""
    H, H_kv = q.shape[1], k_new.shape[1]
    if H % H_kv:
        raise ValueError(f"{H} query heads cannot share {H_kv} KV heads")
    K = torch.cat((k_cache, k_new), dim=2)  # (B, H_kv, T_total, d_k)
    V = torch.cat((v_cache, v_new), dim=2)  # (B, H_kv, T_total, d_v)
    group = H // H_kv
    K_heads = K.repeat_interleave(group, dim=1)  # (B, H, T_total, d_k) head j <- KV head j // group
    V_heads = V.repeat_interleave(group, dim=1)  # (B, H, T_total, d_v)
    T_new, T_total = q.shape[2], K.shape[2]
    scores = q @ K_heads.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (B, H, T_new, T_total)
    visible = torch.ones(T_new, T_total, dtype=torch.bool, device=q.device).tril(T_total - T_new)  # (T_new, T_total)
    scores = scores.masked_fill(~visible, float("-inf"))  # (B, H, T_new, T_total)
    weights = torch.softmax(scores, dim=-1)  # (B, H, T_new, T_total) every row sees itself
    return weights @ V_heads, K, V  # (B, H, T_new, d_v), the grown caches


def decode(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, prefill: int) -> torch.Tensor:
    """Full sequences q [B, H, T, d_k], k/v [B, H_kv, T, .]: prefill `prefill` tokens, then
    one token per step through the cache; returns every step's output, [B, H, T, d_v]."""
    B, H_kv, _, d_k = k.shape
    k_cache = k.new_zeros(B, H_kv, 0, d_k)  # (B, H_kv, 0, d_k)
    v_cache = v.new_zeros(B, H_kv, 0, v.shape[-1])  # (B, H_kv, 0, d_v)
    outputs, start = [], 0
    for stop in [prefill, *range(prefill + 1, q.shape[2] + 1)]:
        if stop == start:
            continue
        out, k_cache, v_cache = cached_attention(q[:, :, start:stop], k[:, :, start:stop], v[:, :, start:stop],
                                                 k_cache, v_cache)  # (B, H, stop - start, d_v)
        outputs.append(out)
        start = stop
    return torch.cat(outputs, dim=2)  # (B, H, T, d_v)
