# seqprep-task: kv-cache
"""The reference: append to the cache, expand the KV heads, bottom-right causal mask, softmax."""
import math

import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    K = torch.cat((k_cache, k_new), dim=2)  # (B, H_kv, T_total, d_k)
    V = torch.cat((v_cache, v_new), dim=2)  # (B, H_kv, T_total, d_v)
    group = q.shape[1] // K.shape[1]
    K_h, V_h = K.repeat_interleave(group, dim=1), V.repeat_interleave(group, dim=1)  # (B, H, T_total, .)
    T_new, T_total = q.shape[2], K.shape[2]
    scores = q @ K_h.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (B, H, T_new, T_total)
    visible = torch.ones(T_new, T_total, dtype=torch.bool).tril(diagonal=T_total - T_new)
    weights = torch.softmax(scores.masked_fill(~visible, float("-inf")), dim=-1)
    return weights @ V_h, K, V
