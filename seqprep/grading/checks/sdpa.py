"""Hidden checks for `scaled_dot_product_attention(q, k, v, mask=None) -> (out, weights)`."""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, first_problem, numpy_of, result_tensor, unchanged_inputs
from ..compare import tensor_mismatch


def reference(q, k, v, mask=None):
    from answers.attention import scaled_dot_product_attention

    return scaled_dot_product_attention(q, k, v, mask)


def draw(rng: np.random.Generator, dtype: torch.dtype, *, batch: Optional[tuple] = None,
         Tq: Optional[int] = None, Tk: Optional[int] = None, d_k: Optional[int] = None,
         d_v: Optional[int] = None, scale: float = 1.0):
    """Random q [..., Tq, d_k], k [..., Tk, d_k], v [..., Tk, d_v] with d_k != d_v."""
    if batch is None:
        batch = tuple(int(b) for b in rng.integers(1, 4, size=int(rng.integers(0, 3))))
    Tq = Tq or int(rng.integers(2, 8))
    Tk = Tk or int(rng.integers(2, 8))
    d_k = d_k or int(rng.integers(2, 9))
    d_v = d_v or int(rng.choice([x for x in range(2, 10) if x != d_k]))

    def t(*shape):
        return torch.from_numpy(rng.normal(0.0, 1.0, size=batch + shape) * scale).to(dtype)

    return t(Tq, d_k), t(Tk, d_k), t(Tk, d_v)


def random_mask(rng: np.random.Generator, shape: tuple) -> torch.Tensor:
    """A bool mask (True = may attend) with at least one True in every row."""
    mask = rng.random(shape) < 0.6
    rows = mask.reshape(-1, shape[-1])
    for row in rows:
        if not row.any():
            row[int(rng.integers(0, shape[-1]))] = True
    return torch.from_numpy(rows.reshape(shape))


def _compare(outcomes, out_expected, weights_expected, dtype: str) -> Optional[str]:
    problem = first_problem(outcomes)
    if problem:
        return problem
    result = outcomes[0].result
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return "expected a tuple (out, weights)"
    return (tensor_mismatch("out", result[0], out_expected, dtype=dtype)
            or tensor_mismatch("weights", result[1], weights_expected, dtype=dtype))


def _matches(name: str, q, k, v, mask=None) -> Check:
    out, weights = reference(q, k, v, mask)
    dtype = str(q.dtype).split(".")[-1]
    args = [q, k, v] if mask is None else [q, k, v, mask]
    return Check(name, [Call("scaled_dot_product_attention", args)],
                 lambda o, e=(numpy_of(out), numpy_of(weights)), d=dtype: _compare(o, e[0], e[1], d))


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []
    for dtype in (torch.float32, torch.float64):
        q, k, v = draw(rng, dtype)
        checks.append(_matches(f"matches the reference ({str(dtype).split('.')[-1]}, Tq != Tk, d_k != d_v)",
                               q, k, v))

    q, k, v = draw(rng, torch.float64, batch=(), Tq=1, Tk=1)
    checks.append(_matches("a single query and key (T = 1)", q, k, v))

    # a causal mask, given as a plain [T, T] matrix that broadcasts over the batch dims
    T = int(rng.integers(3, 8))
    q, k, v = draw(rng, torch.float64, batch=(2, 3), Tq=T, Tk=T)
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    checks.append(_matches("causal mask (broadcast [T, T])", q, k, v, causal))

    # a padding mask [B, 1, 1, Tk] broadcast over heads and queries
    B, H = int(rng.integers(2, 4)), int(rng.integers(1, 4))
    q, k, v = draw(rng, torch.float32, batch=(B, H))
    Tk = k.shape[-2]
    padding = random_mask(rng, (B, 1, 1, Tk))
    checks.append(_matches("padding mask broadcast over heads and queries", q, k, v, padding))

    # an arbitrary mask: masked positions must get exactly zero weight
    q, k, v = draw(rng, torch.float64, batch=(2,))
    mask = random_mask(rng, (2, q.shape[-2], k.shape[-2]))

    def zero_where_masked(outcomes, mask=mask):
        problem = first_problem(outcomes)
        if problem:
            return problem
        weights = result_tensor(outcomes[0], 1)
        if not hasattr(weights, "array") or weights.array.shape != tuple(mask.shape):
            return "weights: missing or of the wrong shape"
        leaked = np.abs(weights.array[~mask.numpy()]).max(initial=0.0)
        if leaked > 1e-12:
            return (f"masked positions get weight up to {leaked:.3g}: is the mask applied before the softmax, "
                    "and is True the value that allows attending?")
        return None

    checks.append(Check("masked positions get weight 0 (True = may attend)",
                        [Call("scaled_dot_product_attention", [q, k, v, mask])], zero_where_masked))

    def rows_sum_to_one(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        weights = result_tensor(outcomes[0], 1)
        if not hasattr(weights, "array"):
            return "weights: not returned"
        sums = weights.array.sum(axis=-1)
        worst = float(np.max(np.abs(sums - 1.0))) if sums.size else 0.0
        if not np.isfinite(worst) or worst > 1e-9:
            return f"rows of weights sum to values up to {worst:.3g} away from 1 (softmax over the keys?)"
        return None

    q, k, v = draw(rng, torch.float64)
    checks.append(Check("each row of weights sums to 1 over the keys",
                        [Call("scaled_dot_product_attention", [q, k, v])], rows_sum_to_one))

    # rows of very different scales: large scores must not overflow
    q, k, v = draw(rng, torch.float32, batch=(2,), Tq=4, d_k=8)
    q = q * torch.tensor([1e-3, 1.0, 1e3, 30.0]).view(4, 1)
    checks.append(_matches("rows of very different scales (large scores)", q, k, v))

    # causality as a property: change the future, the past must not move
    T = int(rng.integers(4, 8))
    q, k, v = draw(rng, torch.float64, batch=(2,), Tq=T, Tk=T)
    t = int(rng.integers(1, T - 1))
    k2, v2 = k.clone(), v.clone()
    k2[..., t + 1:, :] += torch.from_numpy(rng.normal(0, 3.0, size=k2[..., t + 1:, :].shape))
    v2[..., t + 1:, :] += torch.from_numpy(rng.normal(0, 3.0, size=v2[..., t + 1:, :].shape))
    causal = torch.ones(T, T, dtype=torch.bool).tril()

    def causal_property(outcomes, t=t):
        problem = first_problem(outcomes)
        if problem:
            return problem
        a, b = result_tensor(outcomes[0], 0), result_tensor(outcomes[1], 0)
        if not (hasattr(a, "array") and hasattr(b, "array")) or a.array.shape != b.array.shape:
            return "out: missing or of inconsistent shape"
        moved = np.abs(a.array[..., : t + 1, :] - b.array[..., : t + 1, :]).max(axis=-1)  # (..., t+1)
        moved = moved.reshape(-1, t + 1).max(axis=0)
        if (moved > 1e-9).any():
            position = int(np.argmax(moved > 1e-9))
            return f"changing a future key/value changed an earlier output (position {position})"
        return None

    checks.append(Check("causal: changing future keys and values leaves earlier outputs unchanged",
                        [Call("scaled_dot_product_attention", [q, k, v, causal]),
                         Call("scaled_dot_product_attention", [q, k2, v2, causal])], causal_property))

    # permutation: shuffling keys and values together leaves every output unchanged
    q, k, v = draw(rng, torch.float64)
    perm = torch.from_numpy(rng.permutation(k.shape[-2]))
    while k.shape[-2] > 1 and bool((perm == torch.arange(k.shape[-2])).all()):
        perm = torch.from_numpy(rng.permutation(k.shape[-2]))

    def permutation(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        a, b = result_tensor(outcomes[0], 0), result_tensor(outcomes[1], 0)
        if not (hasattr(a, "array") and hasattr(b, "array")) or a.array.shape != b.array.shape:
            return "out: missing or of inconsistent shape"
        if np.abs(a.array - b.array).max() > 1e-9:
            return "permuting the keys together with their values changed the output"
        return None

    checks.append(Check("keys and values permuted together give the same output",
                        [Call("scaled_dot_product_attention", [q, k, v]),
                         Call("scaled_dot_product_attention", [q, k[..., perm, :], v[..., perm, :]])],
                        permutation))

    # dtype and mutation
    q, k, v = draw(rng, torch.float64, batch=(2,))
    mask = random_mask(rng, (q.shape[-2], k.shape[-2]))
    checks.append(Check("does not modify its inputs",
                        [Call("scaled_dot_product_attention", [q, k, v, mask], return_inputs=True)],
                        lambda o, a=(q, k, v, mask): first_problem(o) or unchanged_inputs(o[0], list(a),
                                                                                         ["q", "k", "v", "mask"])))

    # gradients in float64 against autograd through the reference
    q, k, v = (t.requires_grad_(True) for t in draw(rng, torch.float64, batch=(2,)))
    mask = random_mask(rng, (q.shape[-2], k.shape[-2]))
    out, _ = reference(q, k, v, mask)
    seed = torch.from_numpy(rng.normal(size=tuple(out.shape)))
    (out * seed).sum().backward()
    expected = [numpy_of(t.grad) for t in (q, k, v)]

    def gradients(outcomes, expected=expected):
        problem = first_problem(outcomes)
        if problem:
            return problem
        grads = outcomes[0].grads
        for name, got, want in zip(("q", "k", "v"), grads or [None] * 3, expected):
            if got is None:
                return f"no gradient reaches {name}"
            message = tensor_mismatch(f"dL/d{name}", got, want, atol=1e-9, rtol=1e-7)
            if message:
                return message
        return None

    fresh = [t.detach().clone().requires_grad_(True) for t in (q, k, v)]
    checks.append(Check("gradients match autograd of the reference (float64)",
                        [Call("scaled_dot_product_attention", [*fresh, mask], grad_seed=seed, grad_output=0)],
                        gradients))
    return checks
