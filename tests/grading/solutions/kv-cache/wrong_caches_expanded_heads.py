# seqprep-task: kv-cache
"""Wrong: expands the heads first and caches the expanded keys/values, H / H_kv times the memory."""
# expect-fail: prefill: an empty cache
import math

import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    group = q.shape[1] // k_new.shape[1]
    k_new, v_new = k_new.repeat_interleave(group, 1), v_new.repeat_interleave(group, 1)
    if k_cache.shape[1] != q.shape[1]:
        k_cache, v_cache = k_cache.repeat_interleave(group, 1), v_cache.repeat_interleave(group, 1)
    K, V = torch.cat((k_cache, k_new), dim=2), torch.cat((v_cache, v_new), dim=2)
    T_new, T_total = q.shape[2], K.shape[2]
    scores = q @ K.transpose(-2, -1) / math.sqrt(q.shape[-1])
    visible = torch.ones(T_new, T_total, dtype=torch.bool).tril(diagonal=T_total - T_new)
    return torch.softmax(scores.masked_fill(~visible, float("-inf")), dim=-1) @ V, K, V
