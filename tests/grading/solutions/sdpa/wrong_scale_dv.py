# seqprep-task: sdpa
"""Wrong: scales by sqrt of the value width d_v instead of d_k."""
# expect-fail: matches the reference (float64
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(v.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
