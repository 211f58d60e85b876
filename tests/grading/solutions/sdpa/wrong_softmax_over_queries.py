# seqprep-task: sdpa
"""Wrong: the softmax runs over the queries (dim=-2) instead of the keys."""
# expect-fail: each row of weights sums to 1
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-2)
    return weights @ v, weights
