# seqprep-task: tiled-attention
"""Wrong: never rescales the old sums when the running max grows."""
# expect-fail: later blocks with much larger scores
import math

import torch


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / math.sqrt(q.shape[-1])
    m = q.new_full(q.shape[:-1], float("-inf"))
    l = q.new_zeros(q.shape[:-1])
    acc = q.new_zeros(q.shape[:-1] + (v.shape[-1],))
    for start in range(0, k.shape[-2], block_size):
        s = q @ k[..., start:start + block_size, :].transpose(-2, -1) * scale
        m = torch.maximum(m, s.amax(dim=-1))
        p = torch.exp(s - m[..., None])
        l = l + p.sum(dim=-1)
        acc = acc + p @ v[..., start:start + block_size, :]
    return acc / l[..., None]
