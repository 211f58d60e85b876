"""Hidden checks for `softmax(x, dim=-1)`.

Every draw holds the cases that separate the usual slips, only the values and
which spelling of a dim (positive or negative) vary:

    dim in the middle of a 4-D tensor whose sizes all differ, transposed in memory
        -> a sum over the wrong axis, a reduction without keepdim (it broadcasts
           only when dim is the first axis, or when two sizes are equal) and a
           .view() on a non-contiguous input all fail;
    dim = 0 and dim = the last axis -> "always the last" and "always the first" fail;
    rows of scale 1e-3 .. 1e3, rows near +1e4 and -1e4 (float32)
        -> no max shift, a min shift, or one global max overflow or give 0/0;
    a slice that is all -inf -> zeros, not NaN; a slice of length 1 -> ones.

Tolerances: float64 atol 1e-8, rtol 1e-6; float32 atol 2e-5, rtol 1e-4 (the
statement says so); sums along dim within 1e-9 of 1; gradients atol 1e-9,
rtol 1e-7.
"""

from __future__ import annotations

import numpy as np
import torch

from . import Call, Check, distinct, first_problem, hinted, numpy_of, transposed, unchanged_inputs
from ..compare import tensor_mismatch

GRAD_ATOL, GRAD_RTOL = 1e-9, 1e-7
SUM_TOL = 1e-9


def _reference(x: torch.Tensor, dim: int) -> torch.Tensor:
    from answers.attention import softmax

    return softmax(x, dim=dim)


def _tensor(rng: np.random.Generator, shape: tuple, dtype: torch.dtype, scale: float = 3.0) -> torch.Tensor:
    return torch.from_numpy(rng.normal(0.0, scale, size=shape)).to(dtype)


def _spelled(rng: np.random.Generator, dim: int, ndim: int) -> int:
    """dim as a positive or a negative index, at random: both must work."""
    return dim if rng.random() < 0.5 else dim - ndim


def _matches(name: str, x: torch.Tensor, dim=None, hint: str = "") -> Check:
    expected = numpy_of(_reference(x, -1 if dim is None else dim))
    dtype = str(x.dtype).split(".")[-1]
    kwargs = {} if dim is None else {"dim": dim}
    return Check(name, [Call("softmax", [x], kwargs)],
                 lambda o, e=expected, d=dtype: hinted(first_problem(o) or tensor_mismatch("softmax(x)", o[0].result,
                                                                                           e, dtype=d), hint))


KEEPDIM = "normalize along dim only; a max or sum over dim needs keepdim=True to broadcast back"
NONCONTIGUOUS = "the input may be non-contiguous: .view() fails on it, .reshape() does not"


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    # a middle dim of a 4-D tensor with four different sizes, in a transposed layout
    shape = tuple(distinct(rng, 4, 2, 8))
    x = transposed(_tensor(rng, shape, torch.float64), 0, 3)
    dim = _spelled(rng, int(rng.integers(1, 3)), 4)
    checks.append(_matches("a middle dim of a 4-D tensor (float64, sizes all different, transposed input)", x, dim,
                           KEEPDIM))

    shape = tuple(distinct(rng, 3, 2, 8))
    checks.append(_matches("the last dim (float32, transposed input)",
                           transposed(_tensor(rng, shape, torch.float32), 0, 1), _spelled(rng, 2, 3),
                           NONCONTIGUOUS))

    shape = tuple(distinct(rng, 3, 2, 8))
    checks.append(_matches("dim 0 (float64)", _tensor(rng, shape, torch.float64), _spelled(rng, 0, 3),
                           "the softmax runs along the dim it is given, here the first one; keep the input's dtype"))

    checks.append(_matches("dim defaults to -1", _tensor(rng, tuple(distinct(rng, 2, 2, 8)), torch.float64)))

    # batch of one: a leading axis of size 1, and a softmax along an axis of size 1 (all ones)
    b, c = distinct(rng, 2, 2, 8)
    checks.append(_matches("a leading axis of size 1 (shape [1, b, c], dim 1)",
                           _tensor(rng, (1, b, c), torch.float64), _spelled(rng, 1, 3)))
    checks.append(_matches("an axis of length 1 gives ones", _tensor(rng, (b, 1, c), torch.float64),
                           _spelled(rng, 1, 3), "a softmax over a single value is 1"))

    # rows of very different scales, float32: no shift, a min shift or a global max break here
    width = int(rng.integers(5, 9))
    spread = np.linspace(-1.0, 1.0, width)  # every row spans twice its scale
    rows = np.stack([rng.permutation(spread) * s + rng.normal(0.0, 0.01 * s, size=width)
                     for s in (1e-3, 1.0, 1e3, 60.0, 60.0)])
    rows[3] += 1e4 * float(rng.uniform(0.5, 2.0))     # far above the others: exp(x) overflows
    rows[4] -= 1e4 * float(rng.uniform(0.5, 2.0))     # far below: exp(x - global max) underflows to 0
    checks.append(_matches("stable for large inputs (rows of scales 1e-3 .. 1e3 and near +-1e4, float32)",
                           torch.from_numpy(rows[rng.permutation(5)]).to(torch.float32), -1,
                           "subtract each slice's own max along dim before exp"))

    masked = _tensor(rng, (3, 7), torch.float64, 2.0)
    for row in masked:
        blocked = rng.permutation(7)[: int(rng.integers(1, 6))]   # some -inf, never the whole row
        row[torch.from_numpy(blocked)] = float("-inf")
    checks.append(_matches("-inf entries get weight 0", masked, -1))

    # a slice that is -inf everywhere (a query whose keys are all masked): zeros, not NaN
    b, t, c = distinct(rng, 3, 2, 7)
    x = _tensor(rng, (b, t, c), torch.float64)
    x[int(rng.integers(0, b)), :, int(rng.integers(0, c))] = float("-inf")
    checks.append(_matches("a slice that is all -inf gives zeros, not NaN (dim 1)", x, 1,
                           "-inf - (-inf) is NaN: shift such a slice by 0 and divide it by 1"))

    x = _tensor(rng, tuple(distinct(rng, 3, 2, 8)), torch.float64)
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
        worst = float(np.max(np.abs(got.array.sum(axis=dim) - 1.0)))
        if not np.isfinite(worst) or worst > SUM_TOL:
            return f"sums along dim={dim} are not 1 (worst {worst:.3g}); is the sum taken over the right dimension?"
        return None

    checks.append(Check("values along dim sum to 1", [Call("softmax", [x], {"dim": dim})], sums_to_one))

    x = transposed(_tensor(rng, tuple(distinct(rng, 3, 2, 8)), torch.float64), 0, 2)
    checks.append(Check("does not modify its input",
                        [Call("softmax", [x], {"dim": 1}, return_inputs=True)],
                        lambda o, x=x: first_problem(o) or unchanged_inputs(o[0], [x], ["x"])))

    # gradients along a middle dim, through a transposed input, float64
    xg = transposed(_tensor(rng, tuple(distinct(rng, 3, 2, 8)), torch.float64), 0, 2).requires_grad_(True)
    seed = torch.from_numpy(rng.normal(size=tuple(xg.shape)))
    (_reference(xg, 1) * seed).sum().backward()
    grad = numpy_of(xg.grad)

    def gradients(outcomes, grad=grad):
        problem = first_problem(outcomes)
        if problem:
            return problem
        grads = outcomes[0].grads
        if not grads or grads[0] is None:
            return "no gradient reaches x (is the result detached from the graph?)"
        return tensor_mismatch("dL/dx", grads[0], grad, atol=GRAD_ATOL, rtol=GRAD_RTOL)

    fresh = transposed(xg.detach().contiguous(), 0, 2).requires_grad_(True)
    checks.append(Check("gradients match autograd of the reference (float64, dim 1)",
                        [Call("softmax", [fresh], {"dim": 1}, grad_seed=seed)], gradients))
    return checks
