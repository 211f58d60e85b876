"""The spread of q·k for random unit-variance vectors, measured by sampling.

With q, k in R^{d_k} whose entries are independent with mean 0 and variance 1,
q·k is a sum of d_k products of variance 1 each, so its standard deviation is
sqrt(d_k): 8 for d_k = 64. That is why the scores are divided by sqrt(d_k)
(the closed form is `answers.closed_form.dot_product_std`).

    >>> round(sampled_dot_product_std(64, n=200_000), 1)
    8.0
"""

from __future__ import annotations

import torch


def sampled_dot_product_std(d_k: int, n: int = 100_000, seed: int = 0) -> float:
    """Standard deviation of q·k over n draws of q, k ~ N(0, I_{d_k}), in float64."""
    gen = torch.Generator().manual_seed(seed)
    q = torch.randn(n, d_k, generator=gen, dtype=torch.float64)  # (n, d_k)
    k = torch.randn(n, d_k, generator=gen, dtype=torch.float64)  # (n, d_k)
    return (q * k).sum(dim=-1).std().item()
