"""LayerNorm and RMSNorm over the last dimension, from scratch.

    LayerNorm(x) = (x - mean) / sqrt(var + eps) * weight + bias     (Ba et al., 2016)
    RMSNorm(x)   = x / sqrt(mean(x^2) + eps) * weight                (Zhang & Sennrich, 2019)

Both take statistics over the features of one token (the last dimension), so
they do not depend on the batch or the sequence length, unlike BatchNorm.
Conventions, pinned against `nn.LayerNorm` / `nn.RMSNorm` in `tests/answers/test_norms.py`:

* the variance is the biased one (divide by d, not d - 1), as torch's LayerNorm;
* eps is added to the variance (or to the mean square) inside the square root;
* the variance is taken around the mean, never as E[x^2] - E[x]^2, which
  cancels catastrophically when the mean is large next to the spread;
* RMSNorm subtracts nothing and has no bias.

Tiny example, x = [1, 2, 3], weight = 1, bias = 0, eps = 0:
    LayerNorm: mean 2, var 2/3 -> [-1.2247, 0, 1.2247]
    RMSNorm: mean(x^2) = 14/3 -> x / 2.1602 = [0.4629, 0.9258, 1.3887]
"""

from __future__ import annotations

import torch


def layer_norm(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """Normalize x [..., d] over its last dimension; weight and bias are [d]."""
    mean = x.mean(dim=-1, keepdim=True)  # (..., 1)
    centered = x - mean  # (..., d)
    var = (centered * centered).mean(dim=-1, keepdim=True)  # (..., 1) biased variance
    x_hat = centered * torch.rsqrt(var + eps)  # (..., d) zero mean, unit variance
    return x_hat * weight + bias  # (..., d)


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """Scale x [..., d] by the reciprocal root mean square of its last dimension; weight is [d]."""
    mean_square = (x * x).mean(dim=-1, keepdim=True)  # (..., 1)
    return x * torch.rsqrt(mean_square + eps) * weight  # (..., d)
