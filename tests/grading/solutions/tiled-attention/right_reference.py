# seqprep-task: tiled-attention
"""The reference: running max m, running denominator l, accumulator acc, rescaled per key block."""
import math

import torch


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / math.sqrt(q.shape[-1])
    Tk = k.shape[-2]
    m = q.new_full(q.shape[:-1], float("-inf"))           # (..., Tq) running max
    l = q.new_zeros(q.shape[:-1])                           # (..., Tq) running sum of exp
    acc = q.new_zeros(q.shape[:-1] + (v.shape[-1],))        # (..., Tq, d_v)
    for start in range(0, Tk, block_size):
        kb, vb = k[..., start:start + block_size, :], v[..., start:start + block_size, :]
        s = q @ kb.transpose(-2, -1) * scale                # (..., Tq, block)
        m_new = torch.maximum(m, s.amax(dim=-1))
        correction = torch.exp(m - m_new)                   # rescales what was summed so far
        p = torch.exp(s - m_new[..., None])
        l = l * correction + p.sum(dim=-1)
        acc = acc * correction[..., None] + p @ vb
        m = m_new
    return acc / l[..., None]
