"""Hidden checks for `rnn_backward(x, h0, W_xh, W_hh, b_h, dH) -> dict` (NumPy in, NumPy out).

Forward h_t = tanh(x_t W_xh^T + h_{t-1} W_hh^T + b_h); dH = dL/dH [B, T, h].
Expected gradients are torch autograd of sum(H * dH) through the reference
forward pass, in float64. Each gradient has its own check, so a wrong
dW_hh (h_t in place of h_{t-1}) or a zero dh0 is named as such. B, T, d and h
are pairwise different; there are a batch of one, a sequence of one step and
a loss on the first step only. Tolerances: atol 1e-10, rtol 1e-7.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, distinct, Outcome, first_problem, unchanged_inputs
from ..codec import TensorValue
from ..compare import describe_type, tensor_mismatch

ARG_NAMES = ["x", "h0", "W_xh", "W_hh", "b_h", "dH"]
KEYS = ("dW_xh", "dW_hh", "db_h", "dh0", "dx")
ATOL, RTOL = 1e-10, 1e-7


def _expected(args: list[np.ndarray]) -> dict[str, np.ndarray]:
    """Autograd of sum(H * dH) through the reference torch forward pass (float64)."""
    from answers.rnn import rnn_forward

    x, h0, W_xh, W_hh, b_h, dH = [torch.from_numpy(a.copy()) for a in args]
    leaves = [t.requires_grad_(True) for t in (x, h0, W_xh, W_hh, b_h)]
    H, _ = rnn_forward(*leaves)
    (H * dH).sum().backward()
    g = [t.grad.numpy() for t in leaves]
    return {"dx": g[0], "dh0": g[1], "dW_xh": g[2], "dW_hh": g[3], "db_h": g[4]}


def _sizes(rng: np.random.Generator, T: Optional[int] = None) -> tuple[int, int, int, int]:
    """(B, T, d, h) pairwise different (2 .. 9), so no two axes can be confused; T when given."""
    if T is None:
        B, T, d, h = distinct(rng, 4, 2, 10)
    else:
        B, d, h = (int(v) for v in rng.choice([s for s in range(2, 10) if s != T], size=3, replace=False))
    return B, T, d, h


def _draw(rng: np.random.Generator, B: int, T: int, d: int, h: int) -> list[np.ndarray]:
    """float64 x, h0, W_xh, W_hh, b_h, dH; pre-activations O(1), W_hh far from symmetric."""
    while True:
        W_hh = rng.normal(0.0, 1.0 / np.sqrt(h), size=(h, h))
        if np.abs(W_hh - W_hh.T).max() > 0.5 / np.sqrt(h):
            break
    return [rng.normal(0.0, 1.0, size=(B, T, d)),
            rng.uniform(0.3, 0.9, size=(B, h)) * rng.choice([-1.0, 1.0], size=(B, h)),
            rng.normal(0.0, 1.0 / np.sqrt(d), size=(h, d)),
            W_hh,
            rng.normal(0.0, 0.5, size=(h,)),
            rng.normal(0.0, 1.0, size=(B, T, h))]


def _gradient(outcome: Outcome, key: str) -> tuple[Optional[TensorValue], Optional[str]]:
    value = outcome.result
    if not isinstance(value, dict):
        return None, f"returned {describe_type(value)}, expected a dict of gradients"
    if key not in value:
        return None, f"the result has no key {key!r}"
    return value[key], None


def _all_match(outcome: Outcome, expected: dict[str, np.ndarray], prefix: str = "") -> Optional[str]:
    for key in KEYS:
        got, problem = _gradient(outcome, key)
        message = problem or tensor_mismatch(prefix + key, got, expected[key], atol=ATOL, rtol=RTOL,
                                             want_tensor=False)
        if message:
            return message
    return None


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    args = _draw(rng, *_sizes(rng))
    expected = _expected(args)
    B, T, d = args[0].shape
    h = args[1].shape[1]
    shapes = {"dW_xh": (h, d), "dW_hh": (h, h), "db_h": (h,), "dh0": (B, h), "dx": (B, T, d)}

    def structure(outcomes, shapes=shapes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        value = outcomes[0].result
        if not isinstance(value, dict):
            return f"returned {describe_type(value)}, expected a dict of gradients"
        missing = [k for k in KEYS if k not in value]
        if missing:
            return "missing keys: " + ", ".join(missing)
        for key in KEYS:
            got = value[key]
            if not isinstance(got, TensorValue):
                return f"{key}: returned {describe_type(got)}, expected an array"
            if tuple(got.array.shape) != shapes[key]:
                return f"{key}: shape {tuple(got.array.shape)}, expected {shapes[key]}"
        return None

    checks.append(Check("returns a dict with dW_xh, dW_hh, db_h, dh0, dx of the right shapes",
                        [Call("rnn_backward", list(args))], structure))

    def numpy_arrays(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        value = outcomes[0].result
        if not isinstance(value, dict):
            return f"returned {describe_type(value)}, expected a dict of NumPy arrays"
        for key in KEYS:
            got = value.get(key)
            if isinstance(got, TensorValue) and got.is_tensor:
                return f"{key} is a torch tensor, expected a NumPy array"
            if not isinstance(got, TensorValue):
                return f"{key}: {describe_type(got)}, expected a NumPy array"
            if got.array.dtype != np.float64:
                return f"{key}: dtype {got.array.dtype}, expected float64 (the inputs' dtype)"
        return None

    checks.append(Check("returns float64 NumPy arrays, not torch tensors",
                        [Call("rnn_backward", list(args))], numpy_arrays))

    # one check per gradient, on the same inputs
    for key in KEYS:
        def one_gradient(outcomes, key=key, want=expected[key]):
            problem = first_problem(outcomes)
            if problem:
                return problem
            got, problem = _gradient(outcomes[0], key)
            return problem or tensor_mismatch(key, got, want, atol=ATOL, rtol=RTOL, want_tensor=False)

        checks.append(Check(f"{key} matches autograd (float64)", [Call("rnn_backward", list(args))],
                            one_gradient))

    # a second draw where the loss sits on the first step only: everything flows through step 1
    first_only = _draw(rng, *_sizes(rng))
    first_only[5][:, 1:] = 0.0
    expected_first = _expected(first_only)
    checks.append(Check("a loss on the first step only (dH zero after t = 0): all gradients match",
                        [Call("rnn_backward", list(first_only))],
                        lambda o, e=expected_first: first_problem(o) or _all_match(o[0], e)))

    one_step = _draw(rng, *_sizes(rng, T=1))
    expected_one = _expected(one_step)
    checks.append(Check("a sequence of one step (T = 1): all gradients match",
                        [Call("rnn_backward", list(one_step))],
                        lambda o, e=expected_one: first_problem(o) or _all_match(o[0], e)))

    _, T, d, h = _sizes(rng)
    single = _draw(rng, 1, T, d, h)
    expected_single = _expected(single)
    checks.append(Check("a batch of one (B = 1): all gradients match",
                        [Call("rnn_backward", list(single))],
                        lambda o, e=expected_single: first_problem(o) or _all_match(o[0], e)))

    long = _draw(rng, *_sizes(rng, T=int(rng.integers(8, 12))))
    expected_long = _expected(long)
    checks.append(Check("a longer sequence (T >= 8): all gradients match",
                        [Call("rnn_backward", list(long))],
                        lambda o, e=expected_long: first_problem(o) or _all_match(o[0], e)))

    mutation = _draw(rng, *_sizes(rng))
    checks.append(Check("does not modify its inputs",
                        [Call("rnn_backward", [a.copy() for a in mutation], return_inputs=True)],
                        lambda o, a=mutation: first_problem(o) or unchanged_inputs(o[0], a, ARG_NAMES)))
    return checks
