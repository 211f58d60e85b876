"""Hidden checks for `layer_norm(x, weight, bias, eps=1e-5) -> y`.

Expected values come from `torch.nn.LayerNorm` with the same weight, bias and
eps. Always included: rectangular [B, T, d] inputs (d differs from B and T),
2-D and 4-D inputs with a batch of one, rows of tiny spread where eps decides
the result (given eps and the default), constant rows, float32 rows with a
large common offset, and float64 gradients to x, weight and bias.
"""

from __future__ import annotations

import numpy as np
import torch

from . import Check, dtype_name, transposed
from ._norms import NormChecks, shape, tensor

SPEC = NormChecks("layer", "layer_norm", ["x", "weight", "bias"], 1e-5, "nn.LayerNorm")


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []
    for dtype in (torch.float32, torch.float64):
        x = tensor(rng, shape(rng), dtype, float(rng.uniform(0.5, 3.0)), float(rng.uniform(-2, 2)))
        checks.append(SPEC.values(f"matches nn.LayerNorm on [B, T, d] ({dtype_name(x)})", x,
                                  SPEC.params(rng, x.shape[-1], dtype)))

    x2 = tensor(rng, shape(rng, (int(rng.integers(2, 6)),)), torch.float64, 2.0, 1.0)
    x4 = tensor(rng, shape(rng, (1, 2, 3)), torch.float64, 2.0, -1.0)
    x1 = tensor(rng, shape(rng, (1,)), torch.float64, 2.0, 0.3)
    for label, x in (("2-D [N, d]", x2), ("4-D [1, 2, 3, d]", x4), ("a single row [1, d]", x1)):
        checks.append(SPEC.values(f"any leading dimensions: {label} (float64)", x,
                                  SPEC.params(rng, x.shape[-1], torch.float64)))

    # rows whose spread is comparable to sqrt(eps): where eps goes and which eps is used decide the result
    x = tensor(rng, shape(rng), torch.float64, float(rng.uniform(0.1, 0.3)), 2.0)
    checks.append(SPEC.values("eps is used as given, inside the square root (eps = 0.1)", x,
                              SPEC.params(rng, x.shape[-1], torch.float64), eps=0.1,
                              hint=": y = (x - mean) / sqrt(var + eps), with the eps argument"))
    x = tensor(rng, shape(rng), torch.float64, float(rng.uniform(1e-3, 4e-3)), 1.0)
    checks.append(SPEC.values("the default eps is 1e-5 (rows of tiny spread)", x,
                              SPEC.params(rng, x.shape[-1], torch.float64),
                              hint=": with eps left out, eps = 1e-5, added to the variance inside the root"))

    # the biased variance: divide by d, not d - 1
    x = tensor(rng, shape(rng, (int(rng.integers(2, 5)),)), torch.float64, 3.0)
    checks.append(SPEC.values("the variance divides by d (biased), as nn.LayerNorm", x,
                              SPEC.params(rng, x.shape[-1], torch.float64),
                              hint=": the variance is mean((x - mean)^2), not the unbiased estimate"))

    # constant rows: var = 0, y = bias
    d = int(rng.integers(3, 10))
    x = torch.from_numpy(np.repeat(rng.normal(0, 3, size=(3, 1)), d, axis=1))
    checks.append(SPEC.values("a constant row gives y = bias", x, SPEC.params(rng, d, torch.float64)))

    # float32 rows around 2000-4000 with spread 1: E[x^2] - E[x]^2 cancels catastrophically.
    # Measured over 3000 seeds: the two-pass reference is within 0.012 of the exact answer (relative to
    # 1 + |y|), torch's own float32 LayerNorm within 0.011, the one-pass formula never closer than 0.17.
    x32 = tensor(rng, shape(rng), torch.float32, 1.0, float(rng.uniform(2000, 4000)))
    params = SPEC.params(rng, x32.shape[-1], torch.float32)
    truth = SPEC.expected(x32.double(), [p.double() for p in params], None)
    checks.append(SPEC.values("float32 rows with a large common offset (mean 2000-4000, spread ~1)", x32, params,
                              atol=4e-2, rtol=4e-2, reference=truth,
                              hint=": compute the variance around the mean, not as E[x^2] - E[x]^2"))

    x = tensor(rng, shape(rng), torch.float64, 2.0, 0.5)
    checks.append(SPEC.values("a non-contiguous input (a transposed view)", transposed(x),
                              SPEC.params(rng, x.shape[-1], torch.float64),
                              hint=" (if the other value checks pass: this x is non-contiguous; use reshape, not view)"))

    checks.append(SPEC.unchanged(rng))
    checks.append(SPEC.gradients(rng))
    return checks
