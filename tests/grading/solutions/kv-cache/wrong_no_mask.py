# seqprep-task: kv-cache
"""Wrong: no causal mask ("the cache only holds the past anyway"), so a prompt's tokens see their future."""
# expect-fail: prefill: an empty cache and the whole prompt
import math

import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    K, V = torch.cat((k_cache, k_new), dim=2), torch.cat((v_cache, v_new), dim=2)
    group = q.shape[1] // K.shape[1]
    K_h, V_h = K.repeat_interleave(group, 1), V.repeat_interleave(group, 1)
    weights = torch.softmax(q @ K_h.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    return weights @ V_h, K, V
