"""Hidden checks for `apply_rope(x, positions, base=10000.0) -> x_rot`.

torch has no RoPE op, so expected values come from `answers.rope` (tested
against complex multiplication). Always included: 2-D, 3-D and 4-D inputs
with T, d, B and H all different, a single position, positions that are
neither 0..T-1 nor sorted, large positions in float64, a given base, inputs
with one non-zero pair (which name the pairing, the direction and the
frequencies), the relative-position property as a property of two calls,
and the gradient.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, as_array, dtype_name, first_problem, numpy_of, transposed, unchanged_inputs
from ..compare import tensor_mismatch

FN = "apply_rope"


def reference(x: torch.Tensor, positions: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    from answers.rope import apply_rope

    return apply_rope(x, positions, base)


def _even(rng: np.random.Generator, avoid: tuple = ()) -> int:
    return int(rng.choice([d for d in range(4, 17, 2) if d not in avoid]))


def _x(rng: np.random.Generator, size: tuple, dtype: torch.dtype) -> torch.Tensor:
    return torch.from_numpy(rng.normal(0.0, 1.0, size=size)).to(dtype)


def _positions(rng: np.random.Generator, T: int, high: int) -> torch.Tensor:
    """T distinct positions below `high`, not sorted, never just 0..T-1."""
    while True:
        p = rng.choice(high, size=T, replace=False)
        if T == 1 or not np.array_equal(np.sort(p), np.arange(T)):
            return torch.from_numpy(p.astype(np.int64))


def values(name: str, x: torch.Tensor, positions: torch.Tensor, base: Optional[float] = None,
           hint: str = "") -> Check:
    want = numpy_of(reference(x, positions, 10000.0 if base is None else base))
    dtype = dtype_name(x)
    kwargs = {} if base is None else {"base": base}

    def judge(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        message = tensor_mismatch("x_rot", outcomes[0].result, want, dtype=dtype)
        return f"{message}{hint}" if message else None

    return Check(name, [Call(FN, [x, positions], kwargs)], judge)


def _one_pair(rng: np.random.Generator, T: int, d: int) -> torch.Tensor:
    """[T, d] rows that are zero except one pair each, (x[2i], x[2i+1]), pair chosen per row."""
    x = np.zeros((T, d))
    for t in range(T):
        i = int(rng.integers(0, d // 2))
        x[t, 2 * i:2 * i + 2] = rng.normal(0.0, 1.0, size=2)
    return torch.from_numpy(x)


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    B, H = (int(v) for v in rng.choice(np.arange(2, 6), size=2, replace=False))
    T = int(rng.choice([t for t in range(3, 9) if t not in (B, H)]))
    d = _even(rng, (B, H, T))
    x = _x(rng, (B, H, T, d), torch.float32)
    checks.append(values("matches the reference on [B, H, T, d] (float32)", x, _positions(rng, T, 100)))

    B = int(rng.integers(2, 5))
    T = int(rng.choice([t for t in range(3, 9) if t != B]))
    d = _even(rng, (B, T))
    x = _x(rng, (B, T, d), torch.float64)
    checks.append(values("matches the reference on [B, T, d] at positions up to 10^4 (float64)", x,
                         _positions(rng, T, 10_000),
                         hint=" (if the smaller positions pass: compute the angles m * theta_i in float64)"))

    T = int(rng.integers(3, 9))
    x = _x(rng, (T, _even(rng, (T,))), torch.float64)
    checks.append(values("a 2-D input [T, d] (float64)", x, _positions(rng, T, 500)))

    # non-contiguous: [B, T, H, d] -> [B, H, T, d] as after a head split, and a transposed last dim (float32)
    B, H = (int(v) for v in rng.choice(np.arange(2, 5), size=2, replace=False))
    T = int(rng.choice([t for t in range(3, 8) if t not in (B, H)]))
    d = _even(rng, (B, H, T))
    heads = _x(rng, (B, T, H, d), torch.float64).transpose(1, 2)  # (B, H, T, d), non-contiguous
    checks.append(values("non-contiguous inputs: heads split from [B, T, H, d], a transposed last dim",
                         heads, _positions(rng, T, 200),
                         hint=" (if the other value checks pass: this x is non-contiguous; reshape or call .contiguous() before view or view_as_complex)"))
    T = int(rng.integers(3, 9))
    x = transposed(_x(rng, (2, T, _even(rng, (2, T))), torch.float32))
    checks.append(values("a non-contiguous float32 input (last dimension not contiguous)", x, _positions(rng, T, 90),
                         hint=" (if the other value checks pass: this x is non-contiguous; reshape or call .contiguous() before view or view_as_complex)"))
    x = _x(rng, (1, 1, 1, _even(rng)), torch.float64)
    checks.append(values("a single position (B = H = T = 1, float64)", x, _positions(rng, 1, 500)))

    T = int(rng.integers(3, 9))
    offset = int(rng.integers(50, 400))
    x = _x(rng, (2, T, _even(rng, (2, T))), torch.float64)
    positions = torch.arange(offset, offset + T)
    positions = positions[torch.from_numpy(rng.permutation(T))]
    checks.append(values("positions are used as given (an offset, in any order)", x, positions,
                         hint=": row t is rotated by positions[t], not by t"))

    T = int(rng.integers(3, 9))
    x = _x(rng, (T, _even(rng, (T,))), torch.float64)
    base = float(rng.choice([100.0, 500.0, 1e6]))
    checks.append(values("the base argument is used", x, _positions(rng, T, 300), base=base,
                         hint=": theta_i = base^(-2i/d) with the base passed in"))

    # one non-zero pair per row: pairing, direction and frequency show up on their own
    T, d = int(rng.integers(4, 9)), _even(rng)
    checks.append(values("pairs are neighbors (2i, 2i+1), not halves (i, i + d/2)", _one_pair(rng, T, d),
                         _positions(rng, T, 50),
                         hint=": x[2i] and x[2i+1] rotate together; the output of a pair stays in that pair"))
    T = int(rng.integers(2, 6))
    positions = _positions(rng, T, 40)
    positions[int(rng.integers(0, T))] = 0
    if len(set(positions.tolist())) < T:  # 0 was already there: keep the positions distinct
        positions = torch.arange(T) * int(rng.integers(2, 5))
    checks.append(values("position 0 leaves its row unchanged", _x(rng, (T, _even(rng, (T,))), torch.float64),
                         positions, hint=" (the angle is m * theta_i: zero at m = 0)"))
    x = torch.zeros(2, 2, dtype=torch.float64)
    x[:, 0] = 1.0
    m = int(rng.integers(1, 3))
    checks.append(values("the rotation is counter-clockwise by +m * theta_i", x, torch.tensor([m, m + 1]),
                         hint=": [1, 0] at position m becomes [cos(m theta_0), sin(m theta_0)]"))
    T, d = int(rng.integers(4, 9)), int(rng.choice([8, 12, 16]))
    checks.append(values("frequencies theta_i = base^(-2i/d)", _one_pair(rng, T, d), _positions(rng, T, 60),
                         hint=": pair i turns by m * base^(-2i/d), i counting pairs from 0"))

    # the relative-position property, judged from two calls: dot products depend on m - n only
    d = _even(rng)
    q_vec, k_vec = rng.normal(size=d), rng.normal(size=d)
    J = 5
    m = torch.from_numpy(rng.choice(5000, size=J, replace=False).astype(np.int64)) + 200
    delta = int(rng.integers(-150, 150))
    Q = torch.from_numpy(np.tile(q_vec, (J, 1)))
    K = torch.from_numpy(np.tile(k_vec, (J, 1)))
    want = float((reference(Q[:1], torch.tensor([0])) @ reference(K[:1], torch.tensor([delta])).T).item()) \
        if delta >= 0 else float((reference(Q[:1], torch.tensor([-delta])) @ K[:1].T).item())

    def relative(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        a, b = as_array(outcomes[0].result), as_array(outcomes[1].result)
        if a is None or b is None or a.shape != (J, d) or b.shape != (J, d):
            return f"x_rot: expected tensors of shape {(J, d)}"
        scores = (a * b).sum(axis=1)  # (J,) q at m_j against k at m_j + delta
        if np.ptp(scores) > 1e-8:
            return (f"q·k changed by up to {np.ptp(scores):.3g} between pairs of positions with the same "
                    "offset n - m: the score must depend on the offset only")
        if abs(scores[0] - want) > 1e-8 * max(1.0, abs(want)):
            return f"q·k is the same for every pair with one offset, but {scores[0]:.6g} instead of {want:.6g}"
        return None

    checks.append(Check("q_m · k_n depends on m - n only (relative positions, float64)",
                        [Call(FN, [Q, m]), Call(FN, [K, m + delta])], relative))

    x = _x(rng, (2, 5, _even(rng, (2, 5))), torch.float64)
    positions = _positions(rng, 5, 100)
    checks.append(Check("does not modify its inputs", [Call(FN, [x, positions], return_inputs=True)],
                        lambda o, a=[x, positions]: first_problem(o) or unchanged_inputs(o[0], a, ["x", "positions"])))

    x = _x(rng, (2, 4, _even(rng, (2, 4))), torch.float64).requires_grad_(True)
    positions = _positions(rng, 4, 1000)
    seed = torch.from_numpy(rng.normal(size=tuple(x.shape)))
    (reference(x, positions) * seed).sum().backward()
    grad = numpy_of(x.grad)

    def gradient(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        if not outcomes[0].grads or outcomes[0].grads[0] is None:
            return "no gradient reaches x (is the result detached from the graph?)"
        return tensor_mismatch("dL/dx", outcomes[0].grads[0], grad, atol=1e-10, rtol=1e-7)

    checks.append(Check("the gradient matches the reference (float64)",
                        [Call(FN, [x.detach().clone().requires_grad_(True), positions], grad_seed=seed)], gradient))
    return checks
