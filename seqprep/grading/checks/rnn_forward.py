"""Hidden checks for `rnn_forward(x, h0, W_xh, W_hh, b_h) -> (H, h_T)`.

x [B, T, d], h0 [B, h] -> H [B, T, h] (H[:, t] = state after reading x[:, t]),
h_T [B, h] = H[:, -1]. B, T, d and h are pairwise different, so confusing
any two axes or the weights shows as a wrong shape or value; there are a
batch of one, a sequence of one step, and inputs transposed in memory.
Tolerances: float64 atol 1e-8, rtol 1e-6; float32 atol 2e-5, rtol 1e-4;
properties to 1e-12 (h_T vs H, causality) and 1e-10 (one step at a time);
gradients atol 1e-10, rtol 1e-7.
Besides values against the reference, the checks use the submission's own
outputs: h_T is H's last step, T one-step calls carrying the state give the
same states as one call over the whole sequence, and a change at time t
leaves every earlier state unchanged.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, Outcome, distinct, dtype_name, first_problem, hinted, numpy_of, transposed, unchanged_inputs
from ..codec import TensorValue
from ..compare import describe_type, tensor_mismatch

ARG_NAMES = ["x", "h0", "W_xh", "W_hh", "b_h"]


def _reference(x, h0, W_xh, W_hh, b_h) -> tuple[torch.Tensor, torch.Tensor]:
    from answers.rnn import rnn_forward

    return rnn_forward(x, h0, W_xh, W_hh, b_h)


def _sizes(rng: np.random.Generator, T: Optional[int] = None) -> tuple[int, int, int, int]:
    """(B, T, d, h) pairwise different (2 .. 9), so no two axes can be confused; T when given."""
    if T is None:
        B, T, d, h = distinct(rng, 4, 2, 10)
    else:
        B, d, h = (int(v) for v in rng.choice([s for s in range(2, 10) if s != T], size=3, replace=False))
    return B, T, d, h


def _non_symmetric(rng: np.random.Generator, n: int, scale: float) -> np.ndarray:
    while True:
        W = rng.normal(0.0, scale, size=(n, n))
        if np.abs(W - W.T).max() > 0.5 * scale:
            return W


def _draw(rng: np.random.Generator, B: int, T: int, d: int, h: int, dtype: torch.dtype) -> list[torch.Tensor]:
    """x, h0, W_xh, W_hh, b_h with O(1) pre-activations and a clearly nonzero h0."""
    x = rng.normal(0.0, 1.0, size=(B, T, d))
    h0 = rng.uniform(0.3, 0.9, size=(B, h)) * rng.choice([-1.0, 1.0], size=(B, h))
    W_xh = rng.normal(0.0, 1.0 / np.sqrt(d), size=(h, d))
    W_hh = _non_symmetric(rng, h, 1.0 / np.sqrt(h))
    b_h = rng.normal(0.0, 0.5, size=(h,))
    return [torch.from_numpy(a).to(dtype) for a in (x, h0, W_xh, W_hh, b_h)]


def _pair(outcome: Outcome) -> tuple[Optional[TensorValue], Optional[TensorValue], Optional[str]]:
    """(H, h_T) from a result, or a message saying why it is not a pair."""
    value = outcome.result
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return None, None, f"returned {describe_type(value)}, expected a tuple (H, h_T)"
    return value[0], value[1], None


def _compare(outcome: Outcome, H_exp: np.ndarray, hT_exp: np.ndarray, dtype: str) -> Optional[str]:
    H, h_T, problem = _pair(outcome)
    return problem or tensor_mismatch("H", H, H_exp, dtype=dtype) or tensor_mismatch("h_T", h_T, hT_exp, dtype=dtype)


FORMULA = ("h_t = tanh(x[:, t] W_xhᵀ + h_{t-1} W_hhᵀ + b_h) from h0, H[:, t] = h_t stacked along dim 1 "
           "([B, T, h]), h_T = H[:, -1]")


def _values_check(name: str, args: list[torch.Tensor], hint: str = FORMULA) -> Check:
    H, h_T = _reference(*args)
    H_exp, hT_exp, dtype = numpy_of(H), numpy_of(h_T), dtype_name(args[0])
    return Check(name, [Call("rnn_forward", list(args))],
                 lambda o, H=H_exp, h=hT_exp, d=dtype: hinted(first_problem(o) or _compare(o[0], H, h, d), hint))


def _array(value) -> Optional[np.ndarray]:
    return value.array if isinstance(value, TensorValue) else None


def _H_problem(label: str, value, T: int) -> Optional[str]:
    """Why `value` is not an H of shape [B, T, h], or None."""
    arr = _array(value)
    if arr is None:
        return f"{label}: returned {describe_type(value)}, expected a tensor [B, T, h]"
    if arr.ndim != 3 or arr.shape[1] != T:
        return f"{label}: shape {tuple(arr.shape)}, expected [B, T, h] with T = {T}"
    return None


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    for dtype in (torch.float32, torch.float64):
        args = _draw(rng, *_sizes(rng), dtype)
        checks.append(_values_check(f"matches the reference ({dtype_name(args[0])})", args))

    checks.append(_values_check("a sequence of one step (T = 1, float64)",
                                _draw(rng, *_sizes(rng, T=1), torch.float64)))

    B, T, d, h = _sizes(rng)
    checks.append(_values_check("a batch of one (B = 1, float64)", _draw(rng, 1, T, d, h, torch.float64)))

    # x stored time-major ([T, B, d] in memory, seen as [B, T, d]) and W_hh stored transposed
    x, h0, W_xh, W_hh, b_h = _draw(rng, *_sizes(rng), torch.float64)
    checks.append(_values_check("non-contiguous inputs (x time-major in memory, W_hh transposed; float64)",
                                [transposed(x, 0, 1), h0, W_xh, transposed(W_hh), b_h],
                                FORMULA + "; the inputs may be non-contiguous: .view() fails on them"))

    # h0 is used: two calls that differ only in h0 (zeros and a nonzero state), both against the reference
    x, h0, W_xh, W_hh, b_h = _draw(rng, *_sizes(rng), torch.float64)
    zeros = torch.zeros_like(h0)
    ref_zero = [numpy_of(t) for t in _reference(x, zeros, W_xh, W_hh, b_h)]
    ref_h0 = [numpy_of(t) for t in _reference(x, h0, W_xh, W_hh, b_h)]

    def uses_h0(outcomes, ref_zero=ref_zero, ref_h0=ref_h0):
        problem = first_problem(outcomes)
        if problem:
            return problem
        H_zero, _, problem = _pair(outcomes[0])
        H_h0, _, problem2 = _pair(outcomes[1])
        problem = problem or problem2
        if problem:
            return problem
        a, b = _array(H_zero), _array(H_h0)
        if a is not None and b is not None and a.shape == b.shape and np.allclose(a, b, atol=1e-12, rtol=0):
            return "a zero h0 and a nonzero h0 gave the same H: is h0 used as the initial state?"
        return _compare(outcomes[1], *ref_h0, "float64") or _compare(outcomes[0], *ref_zero, "float64")

    checks.append(Check("h0 is used as the initial state (a nonzero h0, not zeros)",
                        [Call("rnn_forward", [x, zeros, W_xh, W_hh, b_h]),
                         Call("rnn_forward", [x, h0, W_xh, W_hh, b_h])], uses_h0))

    # h_T is the last step of H: judged on the submission's own output
    args = _draw(rng, *_sizes(rng), torch.float64)

    def last_step(outcomes, T=args[0].shape[1]):
        problem = first_problem(outcomes)
        if problem:
            return problem
        H, h_T, problem = _pair(outcomes[0])
        if problem:
            return problem
        problem = _H_problem("H", H, T)
        if problem:
            return problem
        return tensor_mismatch("h_T vs H[:, -1]", h_T, _array(H)[:, -1], atol=1e-12, rtol=0)

    checks.append(Check("h_T equals the last step of H", [Call("rnn_forward", list(args))], last_step))

    # one step at a time: T calls with T = 1, each started from the previous state, give the full pass's H
    x, h0, W_xh, W_hh, b_h = _draw(rng, *_sizes(rng, T=int(rng.integers(2, 5))), torch.float64)
    H_ref, _ = _reference(x, h0, W_xh, W_hh, b_h)
    T = x.shape[1]
    starts = [h0] + [H_ref[:, t - 1] for t in range(1, T)]
    step_calls = [Call("rnn_forward", [x[:, t:t + 1].clone(), starts[t].clone(), W_xh, W_hh, b_h])
                  for t in range(T)]

    def step_by_step(outcomes, T=T):
        problem = first_problem(outcomes)
        if problem:
            return problem
        full, _, problem = _pair(outcomes[0])
        if problem:
            return problem
        problem = _H_problem("H of the full pass", full, T)
        if problem:
            return problem
        full_arr = _array(full)
        for t in range(T):
            H_t, h_t, problem = _pair(outcomes[1 + t])
            problem = problem or _H_problem("H", H_t, 1)
            if problem:
                return f"the one-step call at step {t}: {problem}"
            message = tensor_mismatch(f"a one-step call from the state before step {t}, vs H[:, {t}] of the "
                                      "full pass", H_t, full_arr[:, t:t + 1], atol=1e-10, rtol=1e-8)
            if message:
                return message + " (is the state carried from step to step?)"
            message = tensor_mismatch(f"h_T of the one-step call at step {t}, vs its H[:, 0]", h_t,
                                      _array(H_t)[:, 0], atol=1e-12, rtol=0)
            if message:
                return message
        return None

    checks.append(Check("one step at a time (T = 1 calls, state carried over) equals the unrolled pass",
                        [Call("rnn_forward", [x, h0, W_xh, W_hh, b_h])] + step_calls, step_by_step))

    # causality: change x at one time t0 only; H[:, :t0] must not move, H[:, t0] must
    x, h0, W_xh, W_hh, b_h = _draw(rng, *_sizes(rng), torch.float64)
    T = x.shape[1]
    t0 = int(rng.integers(1, T))
    x_changed = x.clone()
    x_changed[:, t0] += torch.from_numpy(rng.choice([-1.0, 1.0], size=tuple(x_changed[:, t0].shape)))

    def causal(outcomes, t0=t0, T=T):
        problem = first_problem(outcomes)
        if problem:
            return problem
        arrays = []
        for outcome in outcomes:
            H, _, problem = _pair(outcome)
            if problem:
                return problem
            problem = _H_problem("H", H, T)
            if problem:
                return problem
            arrays.append(_array(H))
        before, after = arrays
        for s in range(t0):
            if not np.allclose(before[:, s], after[:, s], atol=1e-12, rtol=0):
                return f"changing x at time {t0} changed H at the earlier time {s}"
        if np.allclose(before[:, t0], after[:, t0], atol=1e-12, rtol=0):
            return f"changing x at time {t0} did not change H at time {t0}"
        return None

    checks.append(Check("causal: changing x at time t leaves H[:, :t] unchanged",
                        [Call("rnn_forward", [x, h0, W_xh, W_hh, b_h]),
                         Call("rnn_forward", [x_changed, h0, W_xh, W_hh, b_h])], causal))

    args = _draw(rng, *_sizes(rng), torch.float64)
    checks.append(Check("does not modify its inputs",
                        [Call("rnn_forward", list(args), return_inputs=True)],
                        lambda o, a=args: first_problem(o) or unchanged_inputs(o[0], a, ARG_NAMES)))

    # gradients, float64: backprop through H, and separately through h_T
    for index, label in ((0, "H"), (1, "h_T")):
        args = [a.requires_grad_(True) for a in _draw(rng, *_sizes(rng), torch.float64)]
        out = _reference(*args)[index]
        seed = torch.from_numpy(rng.normal(size=tuple(out.shape)))
        (out * seed).sum().backward()
        expected = [numpy_of(a.grad) for a in args]
        fresh = [a.detach().clone().requires_grad_(True) for a in args]

        def gradients(outcomes, expected=expected, label=label, index=index):
            problem = first_problem(outcomes)
            if problem:
                return problem
            _, _, problem = _pair(outcomes[0])
            if problem:
                return problem
            grads = outcomes[0].grads
            if grads is None:
                return f"no gradient flows through {label} (is it detached from the graph?)"
            for name, got, want in zip(ARG_NAMES, grads, expected):
                if got is None:
                    return f"backprop through {label}: no gradient reaches {name}"
                message = tensor_mismatch(f"backprop through {label}: dL/d{name}", got, want, atol=1e-10, rtol=1e-7)
                if message:
                    return message
            return None

        checks.append(Check(f"gradients through {label} match autograd of the reference (float64)",
                            [Call("rnn_forward", fresh, grad_seed=seed, grad_output=index)], gradients))
    return checks
