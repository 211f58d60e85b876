# seqprep-task: tiled-attention
"""Wrong: plain attention; right values, but builds the whole Tq x Tk matrix."""
# expect-fail: long sequence within the memory limit
import math

import torch


def tiled_attention(q, k, v, block_size):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    return torch.softmax(scores, dim=-1) @ v
