# seqprep-task: tiled-attention
"""Wrong: forgets the 1/sqrt(d_k) scale."""
# expect-fail: matches softmax attention (float32
# expect-fail: matches softmax attention (float64
import torch


def tiled_attention(q, k, v, block_size):
    m = q.new_full(q.shape[:-1], float("-inf"))
    l = q.new_zeros(q.shape[:-1])
    acc = q.new_zeros(q.shape[:-1] + (v.shape[-1],))
    for start in range(0, k.shape[-2], block_size):
        s = q @ k[..., start:start + block_size, :].transpose(-2, -1)
        m_new = torch.maximum(m, s.amax(dim=-1))
        c = torch.exp(m - m_new)
        p = torch.exp(s - m_new[..., None])
        l = l * c + p.sum(dim=-1)
        acc = acc * c[..., None] + p @ v[..., start:start + block_size, :]
        m = m_new
    return acc / l[..., None]
