# seqprep-task: kv-cache
"""Wrong: expands the KV heads with repeat (0, 1, 0, 1) instead of repeat_interleave (0, 0, 1, 1)."""
# expect-fail: grouped-query heads
import math

import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    K, V = torch.cat((k_cache, k_new), dim=2), torch.cat((v_cache, v_new), dim=2)
    group = q.shape[1] // K.shape[1]
    K_h, V_h = K.repeat(1, group, 1, 1), V.repeat(1, group, 1, 1)
    T_new, T_total = q.shape[2], K.shape[2]
    scores = q @ K_h.transpose(-2, -1) / math.sqrt(q.shape[-1])
    visible = torch.ones(T_new, T_total, dtype=torch.bool).tril(diagonal=T_total - T_new)
    return torch.softmax(scores.masked_fill(~visible, float("-inf")), dim=-1) @ V_h, K, V
