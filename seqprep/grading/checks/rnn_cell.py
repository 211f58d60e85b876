"""Hidden checks for `rnn_cell(x_t, h_prev, W_xh, W_hh, b_h) -> h_t`.

h_t = tanh(x_t W_xh^T + h_prev W_hh^T + b_h), x_t [B, d], h_prev [B, h],
W_xh [h, d], W_hh [h, h], b_h [h]. B, d and h are pairwise different
(except in the d == h check) and W_hh is far from symmetric, so a missing or
extra transpose, swapped weights, a missing bias, another nonlinearity or an
ignored h_prev each change the values (or the shapes) of every draw; one
check passes x_t, W_xh and W_hh transposed in memory (non-contiguous), one a
batch of one. Tolerances: float64 atol 1e-8, rtol 1e-6; float32 atol 2e-5,
rtol 1e-4; gradients atol 1e-10, rtol 1e-7.
"""

from __future__ import annotations

import numpy as np
import torch

from . import Call, Check, distinct, dtype_name, first_problem, hinted, numpy_of, transposed, unchanged_inputs
from ..compare import tensor_mismatch

ARG_NAMES = ["x_t", "h_prev", "W_xh", "W_hh", "b_h"]


def _reference(x_t, h_prev, W_xh, W_hh, b_h) -> torch.Tensor:
    from answers.rnn import rnn_cell

    return rnn_cell(x_t, h_prev, W_xh, W_hh, b_h)


def _sizes(rng: np.random.Generator, square: bool = False) -> tuple[int, int, int]:
    """(B, d, h) pairwise different (2 .. 8), or (B, h, h) with B != h when square."""
    B, d, h = distinct(rng, 3, 2, 9)
    return (B, h, h) if square else (B, d, h)


def _non_symmetric(rng: np.random.Generator, n: int, scale: float) -> np.ndarray:
    """A random [n, n] matrix far from symmetric, so W and W^T give clearly different results."""
    while True:
        W = rng.normal(0.0, scale, size=(n, n))
        if np.abs(W - W.T).max() > 0.5 * scale:
            return W


def _draw(rng: np.random.Generator, B: int, d: int, h: int, dtype: torch.dtype) -> list[torch.Tensor]:
    """Inputs whose pre-activations are O(1): tanh is neither linear nor saturated there."""
    x_t = rng.normal(0.0, 1.0, size=(B, d))
    h_prev = rng.uniform(-0.9, 0.9, size=(B, h))
    W_xh = rng.normal(0.0, 1.0 / np.sqrt(d), size=(h, d))
    W_hh = _non_symmetric(rng, h, 1.0 / np.sqrt(h))
    b_h = rng.normal(0.0, 0.5, size=(h,))
    return [torch.from_numpy(a).to(dtype) for a in (x_t, h_prev, W_xh, W_hh, b_h)]


FORMULA = "h_t = tanh(x_t W_xhᵀ + h_prev W_hhᵀ + b_h), x_t [B, d], W_xh [h, d], W_hh [h, h]"


def _values_check(name: str, args: list[torch.Tensor], hint: str = FORMULA) -> Check:
    expected = numpy_of(_reference(*args))
    dtype = dtype_name(args[0])
    return Check(name, [Call("rnn_cell", list(args))],
                 lambda o, e=expected, d=dtype: hinted(first_problem(o) or tensor_mismatch("h_t", o[0].result, e,
                                                                                           dtype=d), hint))


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    for dtype in (torch.float32, torch.float64):
        args = _draw(rng, *_sizes(rng), dtype)
        checks.append(_values_check(f"matches the reference, d != h ({dtype_name(args[0])})", args))

    # weights stored transposed (W.T of a [d, h] / [h, h] tensor) and a transposed x_t: non-contiguous inputs
    x_t, h_prev, W_xh, W_hh, b_h = _draw(rng, *_sizes(rng), torch.float64)
    checks.append(_values_check("non-contiguous inputs (x_t, W_xh, W_hh transposed in memory, float64)",
                                [transposed(x_t), h_prev, transposed(W_xh), transposed(W_hh), b_h],
                                FORMULA + "; the inputs may be non-contiguous: .view() fails on them"))

    # square weights: swapped W_xh / W_hh and a missing transpose run without a shape error here
    checks.append(_values_check("matches the reference when d == h (float64)",
                                _draw(rng, *_sizes(rng, square=True), torch.float64)))

    _, d, h = _sizes(rng)
    checks.append(_values_check("a batch of one (B = 1, float64)", _draw(rng, 1, d, h, torch.float64)))

    # the same x_t with two different states: both must match, and they must differ
    x_t, h_a, W_xh, W_hh, b_h = _draw(rng, *_sizes(rng), torch.float64)
    h_b = torch.from_numpy(rng.uniform(-0.9, 0.9, size=tuple(h_a.shape)))
    exp_a = numpy_of(_reference(x_t, h_a, W_xh, W_hh, b_h))
    exp_b = numpy_of(_reference(x_t, h_b, W_xh, W_hh, b_h))

    def uses_h_prev(outcomes, exp_a=exp_a, exp_b=exp_b):
        problem = first_problem(outcomes)
        if problem:
            return problem
        got_a, got_b = outcomes[0].result, outcomes[1].result
        if hasattr(got_a, "array") and hasattr(got_b, "array") and got_a.array.shape == got_b.array.shape \
                and np.allclose(got_a.array, got_b.array, atol=1e-12, rtol=0):
            return "two different h_prev gave the same h_t: is h_prev used?"
        return (tensor_mismatch("h_t (first h_prev)", got_a, exp_a, dtype="float64")
                or tensor_mismatch("h_t (second h_prev)", got_b, exp_b, dtype="float64"))

    checks.append(Check("h_prev is used (same x_t, two different h_prev)",
                        [Call("rnn_cell", [x_t, h_a, W_xh, W_hh, b_h]),
                         Call("rnn_cell", [x_t, h_b, W_xh, W_hh, b_h])], uses_h_prev))

    args = _draw(rng, *_sizes(rng), torch.float64)
    checks.append(Check("does not modify its inputs",
                        [Call("rnn_cell", list(args), return_inputs=True)],
                        lambda o, a=args: first_problem(o) or unchanged_inputs(o[0], a, ARG_NAMES)))

    # gradients to every argument, float64, against autograd through the reference
    args = [a.requires_grad_(True) for a in _draw(rng, *_sizes(rng), torch.float64)]
    seed = torch.from_numpy(rng.normal(size=(args[0].shape[0], args[2].shape[0])))
    (_reference(*args) * seed).sum().backward()
    expected_grads = [numpy_of(a.grad) for a in args]
    fresh = [a.detach().clone().requires_grad_(True) for a in args]

    def gradients(outcomes, expected=expected_grads):
        problem = first_problem(outcomes)
        if problem:
            return problem
        grads = outcomes[0].grads
        if grads is None:
            return "no gradient flows through h_t (is the result detached from the graph?)"
        for name, got, want in zip(ARG_NAMES, grads, expected):
            if got is None:
                return f"no gradient reaches {name}"
            message = tensor_mismatch(f"dL/d{name}", got, want, atol=1e-10, rtol=1e-7)
            if message:
                return message
        return None

    checks.append(Check("gradients reach every input and match autograd of the reference (float64)",
                        [Call("rnn_cell", fresh, grad_seed=seed)], gradients))
    return checks
