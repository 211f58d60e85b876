# seqprep-task: tiled-attention
"""A valid alternative: keep a running log-sum-exp and merge normalised block outputs."""
import torch


def tiled_attention(q, k, v, block_size):
    out = None
    lse = None
    for start in range(0, k.shape[-2], block_size):
        s = torch.einsum("...qd,...kd->...qk", q, k[..., start:start + block_size, :]) / q.shape[-1] ** 0.5
        block_lse = torch.logsumexp(s, dim=-1)                          # (..., Tq)
        block_out = torch.exp(s - block_lse[..., None]) @ v[..., start:start + block_size, :]
        if out is None:
            out, lse = block_out, block_lse
        else:
            new_lse = torch.logaddexp(lse, block_lse)
            out = out * torch.exp(lse - new_lse)[..., None] + block_out * torch.exp(block_lse - new_lse)[..., None]
            lse = new_lse
    return out
