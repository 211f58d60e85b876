# seqprep-task: mha
"""A valid alternative: a Python loop over heads, slicing the projected features, with einsum."""
import torch
from torch import nn


class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, num_heads, bias=True):
        super().__init__()
        if d_model % num_heads:
            raise ValueError("d_model must be divisible by num_heads")
        self.h = num_heads
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (
            nn.Linear(d_model, d_model, bias=bias) for _ in range(4))

    def forward(self, x, mask=None):
        q, k, v = self.q_proj(x), self.k_proj(x), self.v_proj(x)
        size = x.shape[-1] // self.h
        heads = []
        for i in range(self.h):
            part = slice(i * size, (i + 1) * size)
            scores = torch.einsum("btd,bsd->bts", q[..., part], k[..., part]) / size ** 0.5
            if mask is not None:
                m = mask if mask.dim() < 4 else mask[:, min(i, mask.shape[1] - 1)]
                scores = scores.masked_fill(~m, float("-inf"))
            heads.append(torch.einsum("bts,bsd->btd", scores.softmax(-1), v[..., part]))
        return self.out_proj(torch.cat(heads, dim=-1))
