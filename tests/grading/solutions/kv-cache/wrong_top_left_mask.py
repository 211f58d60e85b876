# seqprep-task: kv-cache
"""Wrong: the causal mask aligned to the top-left corner (tril without offset), as is_causal=True does when Tq != Tk."""
# expect-fail: a chunk of new tokens after a non-empty cache
# expect-fail: decoding token by token
import math

import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    K, V = torch.cat((k_cache, k_new), dim=2), torch.cat((v_cache, v_new), dim=2)
    group = q.shape[1] // K.shape[1]
    K_h, V_h = K.repeat_interleave(group, 1), V.repeat_interleave(group, 1)
    scores = q @ K_h.transpose(-2, -1) / math.sqrt(q.shape[-1])
    visible = torch.ones(q.shape[2], K.shape[2], dtype=torch.bool).tril()
    return torch.softmax(scores.masked_fill(~visible, float("-inf")), dim=-1) @ V_h, K, V
