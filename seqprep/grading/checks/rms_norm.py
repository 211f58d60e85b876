"""Hidden checks for `rms_norm(x, weight, eps=1e-6) -> y`.

Expected values come from `torch.nn.RMSNorm` with the same weight and eps.
Always included: rectangular [B, T, d] inputs, 2-D and 4-D inputs with a batch
of one, rows with a clearly non-zero mean (which RMSNorm must not subtract),
rows whose root mean square is comparable to sqrt(eps) (given eps and the
default), all-zero rows, and float64 gradients to x and weight.
"""

from __future__ import annotations

import numpy as np
import torch

from . import Check, dtype_name, transposed
from ._norms import NormChecks, shape, tensor

SPEC = NormChecks("rms", "rms_norm", ["x", "weight"], 1e-6, "nn.RMSNorm")


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []
    for dtype in (torch.float32, torch.float64):
        x = tensor(rng, shape(rng), dtype, float(rng.uniform(0.5, 3.0)), float(rng.uniform(-1, 1)))
        checks.append(SPEC.values(f"matches nn.RMSNorm on [B, T, d] ({dtype_name(x)})", x,
                                  SPEC.params(rng, x.shape[-1], dtype)))

    x2 = tensor(rng, shape(rng, (int(rng.integers(2, 6)),)), torch.float64, 2.0)
    x4 = tensor(rng, shape(rng, (1, 2, 3)), torch.float64, 2.0)
    x1 = tensor(rng, shape(rng, (1,)), torch.float64, 2.0)
    for label, x in (("2-D [N, d]", x2), ("4-D [1, 2, 3, d]", x4), ("a single row [1, d]", x1)):
        checks.append(SPEC.values(f"any leading dimensions: {label} (float64)", x,
                                  SPEC.params(rng, x.shape[-1], torch.float64)))

    sign = float(rng.choice([-1.0, 1.0]))
    x = tensor(rng, shape(rng), torch.float64, 0.5, sign * float(rng.uniform(2.0, 4.0)))
    checks.append(SPEC.values("rows with a non-zero mean: nothing is subtracted", x,
                              SPEC.params(rng, x.shape[-1], torch.float64),
                              hint=": RMSNorm divides by sqrt(mean(x^2) + eps) and does not center x"))

    x = tensor(rng, shape(rng), torch.float64, float(rng.uniform(0.15, 0.4)))
    checks.append(SPEC.values("eps is used as given, inside the square root (eps = 0.1)", x,
                              SPEC.params(rng, x.shape[-1], torch.float64), eps=0.1,
                              hint=": y = x / sqrt(mean(x^2) + eps) * weight, with the eps argument"))
    x = tensor(rng, shape(rng), torch.float64, float(rng.uniform(5e-4, 2e-3)))
    checks.append(SPEC.values("the default eps is 1e-6 (rows of tiny magnitude)", x,
                              SPEC.params(rng, x.shape[-1], torch.float64),
                              hint=": with eps left out, eps = 1e-6, added to the mean square inside the root"))

    d = int(rng.integers(3, 10))
    x = torch.zeros(int(rng.integers(2, 5)), d, dtype=torch.float64)
    x[0] = torch.from_numpy(rng.normal(0, 1, size=d))  # one ordinary row next to the zero rows
    checks.append(SPEC.values("an all-zero row gives zeros (no NaN)", x, SPEC.params(rng, d, torch.float64)))

    x = tensor(rng, shape(rng), torch.float64, 2.0, 0.5)
    checks.append(SPEC.values("a non-contiguous input (a transposed view)", transposed(x),
                              SPEC.params(rng, x.shape[-1], torch.float64),
                              hint=" (if the other value checks pass: this x is non-contiguous; use reshape, not view)"))

    checks.append(SPEC.unchanged(rng))
    checks.append(SPEC.gradients(rng))
    return checks
