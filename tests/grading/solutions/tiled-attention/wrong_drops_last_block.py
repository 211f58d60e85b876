# seqprep-task: tiled-attention
"""Wrong: the loop stops before a final partial block of keys."""
# expect-fail: Tk not a multiple of block_size
import math

import torch


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / math.sqrt(q.shape[-1])
    m = q.new_full(q.shape[:-1], float("-inf"))
    l = q.new_zeros(q.shape[:-1])
    acc = q.new_zeros(q.shape[:-1] + (v.shape[-1],))
    for start in range(0, k.shape[-2] - block_size + 1, block_size):
        s = q @ k[..., start:start + block_size, :].transpose(-2, -1) * scale
        m_new = torch.maximum(m, s.amax(dim=-1))
        c = torch.exp(m - m_new)
        p = torch.exp(s - m_new[..., None])
        l = l * c + p.sum(dim=-1)
        acc = acc * c[..., None] + p @ v[..., start:start + block_size, :]
        m = m_new
    return acc / l[..., None]
