# seqprep-task: kv-cache
"""Wrong: flattens batch and heads with .view() for torch.bmm, which fails when q arrives as a
transposed view (heads split from [B, T, H, d])."""
# expect-fail: non-contiguous inputs
import math

import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    K, V = torch.cat((k_cache, k_new), dim=2), torch.cat((v_cache, v_new), dim=2)
    B, H, T_new, d_k = q.shape
    group = H // K.shape[1]
    K_h, V_h = K.repeat_interleave(group, 1), V.repeat_interleave(group, 1)
    T_total = K.shape[2]
    scores = torch.bmm(q.view(B * H, T_new, d_k), K_h.reshape(B * H, T_total, d_k).transpose(1, 2))
    visible = torch.ones(T_new, T_total, dtype=torch.bool).tril(diagonal=T_total - T_new)
    weights = torch.softmax((scores / math.sqrt(d_k)).masked_fill(~visible, float("-inf")), dim=-1)
    out = torch.bmm(weights, V_h.reshape(B * H, T_total, -1))
    return out.view(B, H, T_new, -1), K, V
