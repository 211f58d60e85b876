# seqprep-task: mha
"""Wrong: view(B, nh, T, d_k) straight from (B, T, d_model) mixes time steps and heads."""
# expect-fail: matches the reference (float64, x transposed
import math

import torch
from torch import nn


class MultiHeadSelfAttention(nn.Module):
    def __init__(self, d_model, num_heads, bias=True):
        super().__init__()
        if d_model % num_heads:
            raise ValueError("d_model must be divisible by num_heads")
        self.nh, self.dk = num_heads, d_model // num_heads
        self.q_proj = nn.Linear(d_model, d_model, bias=bias)
        self.k_proj = nn.Linear(d_model, d_model, bias=bias)
        self.v_proj = nn.Linear(d_model, d_model, bias=bias)
        self.out_proj = nn.Linear(d_model, d_model, bias=bias)

    def forward(self, x, mask=None):
        B, T, C = x.shape
        q = self.q_proj(x).reshape(B, self.nh, T, self.dk)
        k = self.k_proj(x).reshape(B, self.nh, T, self.dk)
        v = self.v_proj(x).reshape(B, self.nh, T, self.dk)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.dk)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        y = torch.softmax(scores, dim=-1) @ v
        return self.out_proj(y.reshape(B, T, C))
