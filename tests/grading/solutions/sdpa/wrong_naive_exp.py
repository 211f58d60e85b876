# seqprep-task: sdpa
"""Wrong: a softmax without subtracting the max overflows on large scores."""
# expect-fail: rows of very different scales
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    e = torch.exp(scores)
    if mask is not None:
        e = e * mask
    weights = e / e.sum(dim=-1, keepdim=True)
    return weights @ v, weights
