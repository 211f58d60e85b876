# seqprep-task: sdpa
"""Wrong: flattens the batch dims with .view() to use torch.bmm; right on contiguous inputs, but a
transposed (non-contiguous) q or k raises."""
# expect-fail: k transposed in memory
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    *batch, Tq, d_k = q.shape
    Tk, d_v = k.shape[-2], v.shape[-1]
    q3, k3, v3 = q.view(-1, Tq, d_k), k.view(-1, Tk, d_k), v.view(-1, Tk, d_v)   # (N, T, d)
    scores = torch.bmm(q3, k3.transpose(1, 2)).view(*batch, Tq, Tk) / math.sqrt(d_k)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    out = torch.bmm(weights.reshape(-1, Tq, Tk), v3).view(*batch, Tq, d_v)
    return out, weights
