# seqprep-task: tiled-attention
"""Wrong: normalises each block by its own softmax and averages the blocks."""
# expect-fail: matches softmax attention (float64
import math

import torch


def tiled_attention(q, k, v, block_size):
    outs = []
    for start in range(0, k.shape[-2], block_size):
        s = q @ k[..., start:start + block_size, :].transpose(-2, -1) / math.sqrt(q.shape[-1])
        outs.append(torch.softmax(s, dim=-1) @ v[..., start:start + block_size, :])
    return torch.stack(outs).mean(dim=0)
