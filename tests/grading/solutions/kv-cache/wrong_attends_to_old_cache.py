# seqprep-task: kv-cache
"""Wrong: attends over the cache as it was given and only appends the new keys afterwards."""
# expect-fail: decoding token by token
import math

import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    K, V = torch.cat((k_cache, k_new), dim=2), torch.cat((v_cache, v_new), dim=2)
    source_k, source_v = (k_cache, v_cache) if k_cache.shape[2] > 0 else (k_new, v_new)
    group = q.shape[1] // K.shape[1]
    K_h, V_h = source_k.repeat_interleave(group, 1), source_v.repeat_interleave(group, 1)
    weights = torch.softmax(q @ K_h.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    return weights @ V_h, K, V
