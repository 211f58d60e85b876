# seqprep-task: kv-cache
"""Wrong: calls F.scaled_dot_product_attention, which this task forbids."""
# expect-fail: no forbidden API
import torch
import torch.nn.functional as F


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    K, V = torch.cat((k_cache, k_new), dim=2), torch.cat((v_cache, v_new), dim=2)
    T_new, T_total = q.shape[2], K.shape[2]
    visible = torch.ones(T_new, T_total, dtype=torch.bool).tril(diagonal=T_total - T_new)
    return F.scaled_dot_product_attention(q, K, V, attn_mask=visible, enable_gqa=True), K, V
