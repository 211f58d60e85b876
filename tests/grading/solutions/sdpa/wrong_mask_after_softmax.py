# seqprep-task: sdpa
"""Wrong: zeroes the blocked weights after the softmax, so the rows no longer sum to 1."""
# expect-fail: causal mask
# expect-fail: padding mask
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    if mask is not None:
        weights = weights * mask
    return weights @ v, weights
