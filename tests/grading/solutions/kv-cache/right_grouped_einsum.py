# seqprep-task: kv-cache
"""A valid alternative: queries reshaped into (H_kv, group) so no key/value head is copied; positions compared."""
import torch


def cached_attention(q, k_new, v_new, k_cache, v_cache):
    B, H, T_new, d_k = q.shape
    K, V = torch.cat([k_cache, k_new], 2), torch.cat([v_cache, v_new], 2)
    H_kv, T_total = K.shape[1], K.shape[2]
    qg = q.reshape(B, H_kv, H // H_kv, T_new, d_k)  # head j = (j // group, j % group)
    scores = torch.einsum("bkgqd,bktd->bkgqt", qg, K) * d_k ** -0.5
    query_pos = torch.arange(T_total - T_new, T_total)[:, None]  # absolute positions of the new tokens
    key_pos = torch.arange(T_total)[None, :]
    scores = scores.masked_fill(key_pos > query_pos, float("-inf"))
    weights = scores.softmax(dim=-1)
    out = torch.einsum("bkgqt,bktd->bkgqd", weights, V)
    return out.reshape(B, H, T_new, V.shape[-1]), K, V
