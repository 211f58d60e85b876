"""Scaled dot-product attention and multi-head self-attention, from scratch.

    weights = softmax(Q K^T / sqrt(d_k))      # (..., Tq, Tk), each row sums to 1
    out     = weights V                       # (..., Tq, d_v)

Conventions, each pinned in `tests/answers/test_attention.py`:
* the mask is boolean and True means "may attend" (the polarity of
  `F.scaled_dot_product_attention`; `nn.MultiheadAttention` uses the opposite,
  True = blocked). It broadcasts against the (..., Tq, Tk) scores, so a causal
  [T, T] mask and a padding [B, 1, 1, T] mask both work;
* blocked scores become -inf, never a large negative number such as -1e9,
  so a blocked key gets exactly zero weight whatever the scale of the scores;
* a query row with no allowed key gets all-zero weights and an all-zero
  output. torch 2.13's `F.scaled_dot_product_attention` returns zeros for such a
  row as well (older versions gave NaN); a naive softmax would give 0/0 = NaN.

Tiny example, one query and two keys with d_k = 1:
    q = [[1.]], k = [[0.], [2.]], v = [[10.], [20.]]
    scores = [[0, 2]] -> weights = softmax([0, 2]) = [[0.119, 0.881]]
    out = 0.119 * 10 + 0.881 * 20 = [[18.81]]
"""

from __future__ import annotations

import math

import torch
import torch.nn as nn

_REDUCED_PRECISION = (torch.float16, torch.bfloat16)


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Numerically stable softmax along `dim`, without torch.softmax.

    exp(x - max) never overflows: the largest term becomes exp(0) = 1, so
    `softmax(tensor([1e4, 0.]))` -> [1., 0.] where a naive exp(1e4) is inf and
    inf / inf is NaN. Subtracting the max changes nothing mathematically:
    softmax(x + c) = softmax(x).

    A slice that is -inf everywhere (a query with every key masked) returns
    zeros instead of NaN: its max is -inf, so we shift by 0 instead, every exp
    is 0, and we divide by 1 instead of by the zero sum. Float16 and bfloat16
    are computed in float32 and cast back, as torch does.
    `softmax(tensor([[0., 0.], [-inf, -inf]]))` -> [[0.5, 0.5], [0., 0.]].
    """
    out_dtype = x.dtype
    if x.dtype in _REDUCED_PRECISION:
        x = x.float()
    x_max = x.amax(dim=dim, keepdim=True).detach()  # the shift has zero gradient in exact math
    x_max = torch.where(torch.isneginf(x_max), torch.zeros_like(x_max), x_max)  # all -inf -> shift by 0
    exps = torch.exp(x - x_max)  # every entry in [0, 1]
    total = exps.sum(dim=dim, keepdim=True)  # >= 1 unless the slice was all -inf
    total = torch.where(total == 0, torch.ones_like(total), total)  # 0 / 1 = 0 for all -inf slices
    return (exps / total).to(out_dtype)


def causal_mask(T: int, device: torch.device | str | None = None, T_k: int | None = None) -> torch.Tensor:
    """Boolean [T, T_k] mask, True on and below the diagonal (query i sees keys 0..i).

    `causal_mask(3)` -> [[T, F, F], [T, T, F], [T, T, T]].
    With T_k != T the diagonal starts at the top-left corner, the convention of
    `F.scaled_dot_product_attention(..., is_causal=True)`. (A KV cache, where the
    T queries are the last of T_k positions, needs `tril(diagonal=T_k - T)` instead.)
    """
    T_k = T if T_k is None else T_k
    return torch.ones(T, T_k, dtype=torch.bool, device=device).tril()  # (T, T_k)


def scaled_dot_product_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q k^T / sqrt(d_k)) v, returning (out, weights).

    q (..., Tq, d_k), k (..., Tk, d_k), v (..., Tk, d_v); leading dims broadcast.
    mask: bool, broadcastable to (..., Tq, Tk), True = may attend.
    Returns out (..., Tq, d_v) and weights (..., Tq, Tk).
    """
    if mask is not None and mask.dtype != torch.bool:
        raise TypeError(f"mask must be bool (True = may attend), got {mask.dtype}")
    d_k = q.size(-1)
    scores = q @ k.transpose(-2, -1)  # (..., Tq, Tk)
    scores = scores / math.sqrt(d_k)  # (..., Tq, Tk) std ~1 for unit-variance q, k
    if mask is not None:
        scores = torch.where(mask, scores, float("-inf"))  # (..., Tq, Tk) blocked -> -inf
    weights = softmax(scores, dim=-1)  # (..., Tq, Tk) rows sum to 1 (or are all 0)
    out = weights @ v  # (..., Tq, d_v)
    return out, weights


class MultiHeadSelfAttention(nn.Module):
    """Multi-head self-attention with separate q, k, v and output projections.

    Each of q_proj, k_proj, v_proj is d_model -> d_model, split into num_heads
    heads of d_k = d_model // num_heads; the heads are concatenated and mixed by
    out_proj. Parameters: 4 d_model^2 (+ 4 d_model with bias), whatever the
    number of heads. To copy into `nn.MultiheadAttention`:
    in_proj_weight = cat([q_proj.weight, k_proj.weight, v_proj.weight]).
    """

    def __init__(self, d_model: int, num_heads: int, bias: bool = True):
        super().__init__()
        if d_model % num_heads != 0:
            raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
        self.d_model = d_model
        self.num_heads = num_heads
        self.q_proj = nn.Linear(d_model, d_model, bias=bias)
        self.k_proj = nn.Linear(d_model, d_model, bias=bias)
        self.v_proj = nn.Linear(d_model, d_model, bias=bias)
        self.out_proj = nn.Linear(d_model, d_model, bias=bias)

    @property
    def d_k(self) -> int:
        """Head size: `MultiHeadSelfAttention(512, 8).d_k -> 64`."""
        return self.d_model // self.num_heads

    def forward(
        self, x: torch.Tensor, mask: torch.Tensor | None = None, return_weights: bool = False
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        """x (B, T, d_model); mask bool broadcastable to (B, nh, T, T), True = may attend.

        Returns out (B, T, d_model), and also weights (B, nh, T, T) when
        return_weights is True.
        """
        B, T, C = x.shape  # batch, sequence length, d_model
        nh, hs = self.num_heads, self.d_k
        q = self.q_proj(x).view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = self.k_proj(x).view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = self.v_proj(x).view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        y, weights = scaled_dot_product_attention(q, k, v, mask)  # (B, nh, T, hs), (B, nh, T, T)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # (B, T, d_model) heads side by side
        out = self.out_proj(y)  # (B, T, d_model)
        return (out, weights) if return_weights else out
