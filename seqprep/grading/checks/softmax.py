"""Hidden checks for `softmax(x, dim=-1)`."""

from __future__ import annotations

import numpy as np
import torch

from . import Call, Check, first_problem, numpy_of, unchanged_inputs
from ..compare import tensor_mismatch


def _reference(x: torch.Tensor, dim: int) -> torch.Tensor:
    from answers.attention import softmax

    return softmax(x, dim=dim)


def _random_input(rng: np.random.Generator, dtype: torch.dtype, ndim: int, scale: float = 3.0) -> torch.Tensor:
    shape = tuple(int(s) for s in rng.integers(2, 6, size=ndim))
    return torch.from_numpy(rng.normal(0.0, scale, size=shape)).to(dtype)


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    for dtype in (torch.float32, torch.float64):
        ndim = int(rng.integers(2, 5))
        x = _random_input(rng, dtype, ndim)
        dim = int(rng.integers(0, ndim - 1)) - (ndim if rng.random() < 0.5 else 0)  # not the last dim
        expected = numpy_of(_reference(x, dim))
        name = str(dtype).split(".")[-1]
        checks.append(Check(
            f"matches the reference ({name})",
            [Call("softmax", [x], {"dim": dim})],
            lambda o, e=expected, d=name, x=x: first_problem(o) or tensor_mismatch("softmax(x)", o[0].result, e, dtype=d),
        ))

    x = _random_input(rng, torch.float64, 2)
    default = numpy_of(_reference(x, -1))
    checks.append(Check("dim defaults to -1", [Call("softmax", [x])],
                        lambda o, e=default: first_problem(o) or tensor_mismatch("softmax(x)", o[0].result, e)))

    # rows whose scales differ by orders of magnitude: a global max, or no max, breaks here
    rows = torch.from_numpy(rng.normal(0.0, 1.0, size=(4, 7))) * torch.tensor([[1.0], [1e3], [1e-3], [-1e4]])
    rows[3] += 1e4 * float(rng.uniform(0.5, 2.0))
    rows32 = rows.to(torch.float32)
    stable = numpy_of(_reference(rows32, -1))
    checks.append(Check("stable for large inputs (rows of very different scales)",
                        [Call("softmax", [rows32], {"dim": -1})],
                        lambda o, e=stable: first_problem(o) or tensor_mismatch("softmax(x)", o[0].result, e,
                                                                                dtype="float32")))

    masked = torch.from_numpy(rng.normal(0.0, 2.0, size=(3, 6)))
    masked[:, ::2] = float("-inf")
    expected_masked = numpy_of(_reference(masked, -1))
    checks.append(Check("-inf entries get weight 0", [Call("softmax", [masked], {"dim": -1})],
                        lambda o, e=expected_masked: first_problem(o) or tensor_mismatch("softmax(x)", o[0].result, e)))

    x = _random_input(rng, torch.float64, 3)
    dim = int(rng.integers(0, 2))  # a leading dim: the last one is the easy case

    def sums_to_one(outcomes, dim=dim, x=x):
        problem = first_problem(outcomes)
        if problem:
            return problem
        got = outcomes[0].result
        if not hasattr(got, "array"):
            return tensor_mismatch("softmax(x)", got, numpy_of(x))
        if got.array.shape != tuple(x.shape):
            return f"softmax(x): shape {got.array.shape}, expected {tuple(x.shape)}"
        sums = got.array.sum(axis=dim)
        worst = float(np.max(np.abs(sums - 1.0)))
        if not np.isfinite(worst) or worst > 1e-9:
            return f"sums along dim={dim} are not 1 (worst {worst:.3g}); is the sum taken over the right dimension?"
        return None

    checks.append(Check("values along dim sum to 1", [Call("softmax", [x], {"dim": dim})], sums_to_one))

    checks.append(Check("does not modify its input",
                        [Call("softmax", [x], {"dim": dim}, return_inputs=True)],
                        lambda o, x=x: first_problem(o) or unchanged_inputs(o[0], [x], ["x"])))

    # gradients: autograd through the submission against the reference, float64
    xg = _random_input(rng, torch.float64, 2).requires_grad_(True)
    seed = torch.from_numpy(rng.normal(size=tuple(xg.shape)))
    (_reference(xg, -1) * seed).sum().backward()
    grad = numpy_of(xg.grad)

    def gradients(outcomes, grad=grad):
        problem = first_problem(outcomes)
        if problem:
            return problem
        grads = outcomes[0].grads
        if not grads or grads[0] is None:
            return "no gradient reaches x (is the result detached from the graph?)"
        return tensor_mismatch("dL/dx", grads[0], grad, atol=1e-9, rtol=1e-7)

    checks.append(Check("gradients match autograd of the reference (float64)",
                        [Call("softmax", [xg.detach().requires_grad_(True)], {"dim": -1}, grad_seed=seed)],
                        gradients))
    return checks
