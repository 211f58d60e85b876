"""Hidden checks for `scaled_dot_product_attention(q, k, v, mask=None) -> (out, weights)`.

Every draw holds the cases that separate the usual slips; the seed varies the
values and the sizes, never which cases are there:

    B, H, Tq, Tk, d_k, d_v pairwise different (`distinct`), so a scale by
        sqrt(d_v) or sqrt(Tq), a softmax over the queries, a transpose of the
        wrong axes or batch and head axes mixed up each change a value or a shape;
    4-D, 3-D and 2-D inputs; a batch of one; k and q transposed in memory;
    masks [T, T] (causal), [B, 1, 1, Tk] (padding) and [B, Tq, Tk], True = may attend;
    a row whose best score is 1500: an exp without the max overflows, even in float64.

Tolerances: float64 atol 1e-8, rtol 1e-6; float32 atol 2e-5, rtol 1e-4;
masked weights at most 1e-12; row sums within 1e-9 of 1; causal and
permutation properties to 1e-9; gradients atol 1e-9, rtol 1e-7.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, distinct, first_problem, hinted, numpy_of, result_tensor, transposed, unchanged_inputs
from ..compare import tensor_mismatch

GRAD_ATOL, GRAD_RTOL = 1e-9, 1e-7
PROPERTY_TOL = 1e-9
MASKED_TOL = 1e-12
VALUES = "weights = softmax(q kᵀ / √d_k) over the keys (the last dim), with d_k = q.shape[-1]; out = weights v"


def reference(q, k, v, mask=None):
    from answers.attention import scaled_dot_product_attention

    return scaled_dot_product_attention(q, k, v, mask)


def sizes(rng: np.random.Generator) -> dict:
    """B, H, Tq, Tk, d_k, d_v: six pairwise different sizes from 2 .. 8."""
    return dict(zip(("B", "H", "Tq", "Tk", "d_k", "d_v"), distinct(rng, 6, 2, 9)))


def draw(rng: np.random.Generator, dtype: torch.dtype, s: Optional[dict] = None, *,
         batch: Optional[tuple] = None, scale: float = 1.0, **override):
    """q [..., Tq, d_k], k [..., Tk, d_k], v [..., Tk, d_v] for the sizes `s` (drawn when None),
    with any of Tq, Tk, d_k, d_v overridden; the batch dims default to (B, H)."""
    s = dict(sizes(rng) if s is None else s, **override)
    batch = (s["B"], s["H"]) if batch is None else batch

    def t(*shape):
        return torch.from_numpy(rng.normal(0.0, 1.0, size=batch + shape) * scale).to(dtype)

    return t(s["Tq"], s["d_k"]), t(s["Tk"], s["d_k"]), t(s["Tk"], s["d_v"])


def random_mask(rng: np.random.Generator, shape: tuple) -> torch.Tensor:
    """A bool mask (True = may attend) with at least one True and one False in every row of length > 1."""
    mask = rng.random(shape) < 0.6
    rows = mask.reshape(-1, shape[-1])
    for row in rows:
        if not row.any():
            row[int(rng.integers(0, shape[-1]))] = True
        if shape[-1] > 1 and row.all():
            row[int(rng.integers(0, shape[-1]))] = False
    return torch.from_numpy(rows.reshape(shape))


def _compare(outcomes, out_expected, weights_expected, dtype: str) -> Optional[str]:
    problem = first_problem(outcomes)
    if problem:
        return problem
    result = outcomes[0].result
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return "expected a tuple (out, weights)"
    return (tensor_mismatch("weights", result[1], weights_expected, dtype=dtype)
            or tensor_mismatch("out", result[0], out_expected, dtype=dtype))


def _matches(name: str, q, k, v, mask=None, hint: str = VALUES) -> Check:
    out, weights = reference(q, k, v, mask)
    dtype = str(q.dtype).split(".")[-1]
    args = [q, k, v] if mask is None else [q, k, v, mask]
    return Check(name, [Call("scaled_dot_product_attention", args)],
                 lambda o, e=(numpy_of(out), numpy_of(weights)), d=dtype: hinted(_compare(o, e[0], e[1], d), hint))


def _pair_of_outputs(outcomes) -> tuple[Optional[np.ndarray], Optional[np.ndarray], Optional[str]]:
    problem = first_problem(outcomes)
    if problem:
        return None, None, problem
    a, b = result_tensor(outcomes[0], 0), result_tensor(outcomes[1], 0)
    if not (hasattr(a, "array") and hasattr(b, "array")) or a.array.shape != b.array.shape:
        return None, None, "out: missing or of inconsistent shape"
    return a.array, b.array, None


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    q, k, v = draw(rng, torch.float64)
    checks.append(_matches("matches the reference (float64, [B, H, T, d] with B, H, Tq, Tk, d_k, d_v all "
                           "different, k transposed in memory)", q, transposed(k, 1, 2), v,
                           hint=VALUES + "; k may be non-contiguous (a [B, T, H, d] tensor transposed to "
                           "[B, H, T, d]): use .reshape(), not .view()"))

    s = sizes(rng)
    q, k, v = draw(rng, torch.float32, s, batch=(s["B"],))
    checks.append(_matches("matches the reference (float32, [B, T, d], q transposed in memory)",
                           transposed(q), k, v))

    q, k, v = draw(rng, torch.float64, batch=())
    checks.append(_matches("no batch dims ([T, d] inputs)", q, k, v))

    s = sizes(rng)
    q, k, v = draw(rng, torch.float64, s, batch=(1, s["H"]))
    checks.append(_matches("a batch of one (B = 1)", q, k, v))

    q, k, v = draw(rng, torch.float64, batch=(), Tq=1, Tk=1)
    checks.append(_matches("a single query and key (T = 1)", q, k, v))

    # a causal mask, given as a plain [T, T] matrix that broadcasts over the batch dims
    s = sizes(rng)
    q, k, v = draw(rng, torch.float64, s, Tk=s["Tq"])
    causal = torch.ones(s["Tq"], s["Tq"], dtype=torch.bool).tril()
    checks.append(_matches("causal mask (broadcast [T, T], True = may attend)", q, k, v, causal,
                           hint="True means \"may attend\": blocked scores become -inf before the softmax"))

    # a padding mask [B, 1, 1, Tk] broadcast over heads and queries
    s = sizes(rng)
    q, k, v = draw(rng, torch.float32, s)
    padding = random_mask(rng, (s["B"], 1, 1, s["Tk"]))
    checks.append(_matches("padding mask [B, 1, 1, Tk] broadcast over heads and queries", q, k, v, padding,
                           hint="the mask broadcasts against the [..., Tq, Tk] scores; True = may attend"))

    # an arbitrary [B, Tq, Tk] mask: masked positions must get exactly zero weight
    s = sizes(rng)
    q, k, v = draw(rng, torch.float64, s, batch=(s["B"],))
    mask = random_mask(rng, (s["B"], s["Tq"], s["Tk"]))

    def zero_where_masked(outcomes, mask=mask):
        problem = first_problem(outcomes)
        if problem:
            return problem
        weights = result_tensor(outcomes[0], 1)
        if not hasattr(weights, "array") or weights.array.shape != tuple(mask.shape):
            return "weights: missing or of the wrong shape"
        leaked = np.abs(weights.array[~mask.numpy()]).max(initial=0.0)
        if not leaked <= MASKED_TOL:
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
        if not np.isfinite(worst) or worst > PROPERTY_TOL:
            return f"rows of weights sum to values up to {worst:.3g} away from 1 (softmax over the keys?)"
        return None

    q, k, v = draw(rng, torch.float64)
    checks.append(Check("each row of weights sums to 1 over the keys",
                        [Call("scaled_dot_product_attention", [q, k, v])], rows_sum_to_one))

    # rows of very different scales; the last row's best score is exactly 1500, so exp(score)
    # overflows even in float64 (exp(710) is inf) while a softmax that subtracts the max is exact
    s = sizes(rng)
    q, k, v = draw(rng, torch.float64, s, batch=(s["B"],), Tq=4, d_k=8)
    q = q * torch.tensor([1e-3, 1.0, 1e2, 1.0], dtype=torch.float64).view(4, 1)
    best = k[:, int(rng.integers(0, s["Tk"]))]                               # (B, d_k)
    q[:, 3] = best * (1500.0 * 8 ** 0.5 / (best * best).sum(-1, keepdim=True))
    checks.append(_matches("rows of very different scales (a score of 1500)", q, k, v,
                           hint="subtract each row's max before exp"))

    # causality as a property: change the future, the past must not move
    s = sizes(rng)
    T = max(s["Tq"], 3)
    q, k, v = draw(rng, torch.float64, s, batch=(s["B"],), Tq=T, Tk=T)
    t = int(rng.integers(0, T - 1))
    k2, v2 = k.clone(), v.clone()
    k2[..., t + 1:, :] += torch.from_numpy(rng.normal(0, 3.0, size=k2[..., t + 1:, :].shape))
    v2[..., t + 1:, :] += torch.from_numpy(rng.normal(0, 3.0, size=v2[..., t + 1:, :].shape))
    causal = torch.ones(T, T, dtype=torch.bool).tril()

    def causal_property(outcomes, t=t):
        a, b, problem = _pair_of_outputs(outcomes)
        if problem:
            return problem
        moved = np.abs(a[..., : t + 1, :] - b[..., : t + 1, :]).max(axis=-1)  # (..., t+1)
        moved = moved.reshape(-1, t + 1).max(axis=0)
        if not (moved <= PROPERTY_TOL).all():
            position = int(np.argmax(~(moved <= PROPERTY_TOL)))
            return f"changing a future key/value changed an earlier output (position {position})"
        return None

    checks.append(Check("causal: changing future keys and values leaves earlier outputs unchanged",
                        [Call("scaled_dot_product_attention", [q, k, v, causal]),
                         Call("scaled_dot_product_attention", [q, k2, v2, causal])], causal_property))

    # permutation: shuffling keys and values together leaves every output unchanged
    q, k, v = draw(rng, torch.float64)
    Tk = k.shape[-2]
    perm = rng.permutation(Tk)
    if (perm == np.arange(Tk)).all():
        perm = np.roll(perm, 1)   # never the identity
    perm = torch.from_numpy(perm)

    def permutation(outcomes):
        a, b, problem = _pair_of_outputs(outcomes)
        if problem:
            return problem
        if not np.abs(a - b).max() <= PROPERTY_TOL:
            return "permuting the keys together with their values changed the output"
        return None

    checks.append(Check("keys and values permuted together give the same output",
                        [Call("scaled_dot_product_attention", [q, k, v]),
                         Call("scaled_dot_product_attention", [q, k[..., perm, :], v[..., perm, :]])],
                        permutation))

    # mutation
    s = sizes(rng)
    q, k, v = draw(rng, torch.float64, s, batch=(s["B"],))
    mask = random_mask(rng, (s["Tq"], s["Tk"]))
    checks.append(Check("does not modify its inputs",
                        [Call("scaled_dot_product_attention", [q, k, v, mask], return_inputs=True)],
                        lambda o, a=(q, k, v, mask): first_problem(o) or unchanged_inputs(o[0], list(a),
                                                                                         ["q", "k", "v", "mask"])))

    # gradients in float64 against autograd through the reference, k transposed in memory
    s = sizes(rng)
    q, k, v = draw(rng, torch.float64, s, batch=(s["B"],))
    k = transposed(k)
    q, k, v = (t.requires_grad_(True) for t in (q, k, v))
    mask = random_mask(rng, (s["Tq"], s["Tk"]))
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
            message = tensor_mismatch(f"dL/d{name}", got, want, atol=GRAD_ATOL, rtol=GRAD_RTOL)
            if message:
                return message
        return None

    fresh = [q.detach().clone(), transposed(k.detach().contiguous()), v.detach().clone()]
    checks.append(Check("gradients match autograd of the reference (float64)",
                        [Call("scaled_dot_product_attention", [t.requires_grad_(True) for t in fresh] + [mask],
                              grad_seed=seed, grad_output=0)], gradients))
    return checks
