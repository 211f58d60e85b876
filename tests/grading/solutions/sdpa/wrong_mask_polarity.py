# seqprep-task: sdpa
"""Wrong: treats True as "blocked", the nn.MultiheadAttention convention."""
# expect-fail: masked positions get weight 0
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
