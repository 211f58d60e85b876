# seqprep-task: kv-cache
"""Wrong: scales the scores by sqrt(d_v), the value width, instead of sqrt(d_k)."""
# expect-fail: prefill: an empty cache
import math

import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    K, V = torch.cat((k_cache, k_new), dim=2), torch.cat((v_cache, v_new), dim=2)
    group = q.shape[1] // K.shape[1]
    K_h, V_h = K.repeat_interleave(group, 1), V.repeat_interleave(group, 1)
    T_new, T_total = q.shape[2], K.shape[2]
    scores = q @ K_h.transpose(-2, -1) / math.sqrt(V.shape[-1])
    visible = torch.ones(T_new, T_total, dtype=torch.bool).tril(diagonal=T_total - T_new)
    return torch.softmax(scores.masked_fill(~visible, float("-inf")), dim=-1) @ V_h, K, V
