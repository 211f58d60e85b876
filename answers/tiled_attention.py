"""Flash-style attention: an online softmax over blocks of keys, in plain torch.

Naive attention builds the whole (Tq, Tk) score matrix, O(T^2) memory. Here
the keys and values are visited block by block, and each query row keeps
only three running quantities:

    m    running max of the scores seen so far          (..., Tq)
    l    running sum of exp(score - m)                   (..., Tq)
    acc  running sum of exp(score - m) * v               (..., Tq, d_v)

When a new block raises the max from m_old to m_new, the old sums were
computed relative to the wrong max, so both are rescaled by exp(m_old - m_new)
before the block is added. At the end out = acc / l. The largest temporary is
one (Tq, block_size) block of scores, never (Tq, Tk).

Example with one query, scores [1, 3 | 2] in blocks of 2 and v = [a, b | c]:
    block 1: m = 3, l = e^-2 + 1,              acc = e^-2 a + b
    block 2: m stays 3, l += e^-1,             acc += e^-1 c
    out = (e^-2 a + b + e^-1 c) / (e^-2 + 1 + e^-1) = softmax([1, 3, 2]) . [a, b, c]
"""

from __future__ import annotations

import math

import torch


def tiled_attention(
    q: torch.Tensor,
    k: torch.Tensor,
    v: torch.Tensor,
    block_size: int = 64,
    mask: torch.Tensor | None = None,
    is_causal: bool = False,
) -> torch.Tensor:
    """softmax(q k^T / sqrt(d_k)) v computed over key blocks of `block_size`.

    q (..., Tq, d_k), k (..., Tk, d_k), v (..., Tk, d_v) -> out (..., Tq, d_v).
    mask: bool broadcastable to (..., Tq, Tk), True = may attend (as in
    `answers.attention.scaled_dot_product_attention`). is_causal: query i sees
    keys 0..i (top-left aligned like `F.scaled_dot_product_attention`); the
    causal block is built on the fly and blocks entirely in the future are skipped.
    A query with no allowed key gets a zero row, as torch 2.13's SDPA gives.
    """
    if block_size < 1:
        raise ValueError(f"block_size must be >= 1, got {block_size}")
    if mask is not None and mask.dtype != torch.bool:
        raise TypeError(f"mask must be bool (True = may attend), got {mask.dtype}")
    Tq, d_k = q.shape[-2], q.shape[-1]
    Tk = k.shape[-2]
    scale = 1.0 / math.sqrt(d_k)
    if mask is not None:
        mask = mask.expand(*mask.shape[:-2], Tq, Tk)  # (..., Tq, Tk) a view: no copy, so it can be sliced by block

    batch = torch.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])  # leading dims
    m = q.new_full((*batch, Tq), float("-inf"))  # (..., Tq) running max
    l = q.new_zeros((*batch, Tq))  # (..., Tq) running denominator
    acc = q.new_zeros((*batch, Tq, v.shape[-1]))  # (..., Tq, d_v) running numerator
    q_idx = torch.arange(Tq, device=q.device)[:, None]  # (Tq, 1)

    for start in range(0, Tk, block_size):
        if is_causal and start > Tq - 1:
            break  # every later key is in every query's future
        stop = min(start + block_size, Tk)
        k_blk, v_blk = k[..., start:stop, :], v[..., start:stop, :]  # (..., bs, d_k), (..., bs, d_v)
        s = (q @ k_blk.transpose(-2, -1)) * scale  # (..., Tq, bs) one block of scores
        if mask is not None:
            s = torch.where(mask[..., start:stop], s, float("-inf"))  # (..., Tq, bs)
        if is_causal:
            k_idx = torch.arange(start, stop, device=q.device)[None, :]  # (1, bs)
            s = torch.where(k_idx <= q_idx, s, float("-inf"))  # (..., Tq, bs)
        m_new = torch.maximum(m, s.amax(dim=-1))  # (..., Tq)
        m_safe = torch.where(torch.isneginf(m_new), torch.zeros_like(m_new), m_new)  # (..., Tq) no -inf - -inf
        p = torch.exp(s - m_safe[..., None])  # (..., Tq, bs) unnormalised weights in [0, 1]
        alpha = torch.exp(m - m_safe)  # (..., Tq) rescales what was summed under the old max
        l = alpha * l + p.sum(dim=-1)  # (..., Tq)
        acc = alpha[..., None] * acc + p @ v_blk  # (..., Tq, d_v)
        m = m_new

    l = torch.where(l == 0, torch.ones_like(l), l)  # rows with no allowed key: acc is 0, keep it 0
    return acc / l[..., None]  # (..., Tq, d_v)
