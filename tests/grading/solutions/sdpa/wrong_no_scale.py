# seqprep-task: sdpa
"""Wrong: forgets to divide the scores by sqrt(d_k)."""
# expect-fail: matches the reference (float32
# expect-fail: matches the reference (float64
import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
