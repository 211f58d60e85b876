"""Hidden checks for `filtered_probs(logits, temperature, top_k, top_p)` and
`sample(logits, seed, temperature, top_k, top_p, num_samples)`.

The filtered distribution is compared with `answers.sampling.filtered_probs`
(tested against the statement's rules written out token by token): values
within tolerance and the set of removed tokens exactly. The draws are judged
as a distribution, never one by one: frequencies over many draws within
7 standard errors (+ 1/N) of the expected probabilities (4000 draws per row), removed tokens never
drawn, the seed reproducing the draws.

Each boundary is built, not left to chance: top_p is placed strictly inside
the crossing token's probability (a margin of at least 20% of it on both
sides), ties are made with equal logits, and the combined case is built so
that applying top-p before renormalizing after top-k, or temperature last,
changes the kept set.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, as_array, first_problem, numpy_of, transposed, unchanged_inputs
from ..codec import TensorValue
from ..compare import tensor_mismatch

N_DRAWS = 4_000


def reference(logits: torch.Tensor, **kwargs) -> torch.Tensor:
    from answers.sampling import filtered_probs

    return filtered_probs(logits, **kwargs)


def _logits(rng: np.random.Generator, shape: tuple, scale: float = 1.5) -> torch.Tensor:
    """Random logits whose values are all distinct (ties only where a check makes them)."""
    return torch.from_numpy(rng.normal(0.0, scale, size=shape))


def _size(rng: np.random.Generator) -> tuple[int, int]:
    B = int(rng.integers(2, 5))
    return B, int(rng.choice([v for v in range(6, 12) if v != B]))


def compare_probs(got, want: np.ndarray, dtype: str, hint: str = "") -> Optional[str]:
    message = tensor_mismatch("probs", got, want, dtype=dtype)
    if message:
        return message + hint
    kept_got, kept_want = got.array != 0, want != 0
    if not np.array_equal(kept_got, kept_want):
        extra = int((kept_got & ~kept_want).sum())
        missing = int((~kept_got & kept_want).sum())
        return (f"probs: {extra} token(s) kept that should be removed, {missing} removed that should be kept "
                f"(removed tokens must be exactly 0){hint}")
    return None


def probs_check(name: str, logits: torch.Tensor, kwargs: dict, hint: str = "") -> Check:
    want = numpy_of(reference(logits, **kwargs))
    dtype = str(logits.dtype).split(".")[-1]
    return Check(name, [Call("filtered_probs", [logits], kwargs)],
                 lambda o: first_problem(o) or compare_probs(o[0].result, want, dtype, hint))


def _p_inside(rng: np.random.Generator, sorted_probs: np.ndarray, j: int) -> float:
    """A top_p inside token j's share of the sorted cumulative sum, 20%..80% of the way in."""
    before = float(sorted_probs[:j].sum())
    return before + float(rng.uniform(0.2, 0.8)) * float(sorted_probs[j])


def _top_p_for(rng: np.random.Generator, logits: torch.Tensor, temperature: float = 1.0) -> float:
    """A top_p inside some token's share in row 0, at least 1e-3 away from every partial sum of every row."""
    rows = numpy_of(torch.softmax(logits / temperature, -1)).reshape(-1, logits.shape[-1])
    sums = np.cumsum(np.sort(rows, axis=-1)[:, ::-1], axis=-1)
    while True:
        p = _p_inside(rng, np.sort(rows[0])[::-1], int(rng.integers(1, rows.shape[1] - 2)))
        if np.abs(sums - p).min() > 1e-3:
            return p


def _combined_case(rng: np.random.Generator) -> tuple[torch.Tensor, dict]:
    """One row where the order of the filters matters: top-p must run on what top-k left, after temperature.

    With m = the mass top-k keeps (< 1), the renormalized cumulative sums are the full ones divided by m,
    so a p between (sum before token j) and (sum before j) / m keeps token j only on the full distribution.
    """
    while True:
        V = int(rng.integers(7, 12))
        T = float(rng.choice([0.6, 0.8, 1.6, 2.5]))
        logits = rng.normal(0.0, 1.5, size=V)
        k = int(rng.integers(3, V - 2))
        scaled = logits / T
        probs = np.exp(scaled - scaled.max())
        probs /= probs.sum()
        top = np.sort(probs)[::-1]
        mass = top[:k].sum()
        renorm = top[:k] / mass
        j = int(rng.integers(1, k))                # the renormalized sum crosses p inside token j - 1
        low, high = top[:j].sum(), renorm[:j].sum()  # token j is kept on the full distribution iff p > low
        # p just under the renormalized sum before j (so token j is dropped), far above the full one
        if high - low < 0.05 or renorm[j - 1] < 0.05:
            continue
        p = high - float(rng.uniform(0.2, 0.6)) * min(high - low, renorm[j - 1])
        # without temperature (or with it applied last) the set changes too: require that
        plain = np.exp(logits - logits.max())
        plain = np.sort(plain / plain.sum())[::-1][:k]
        plain /= plain.sum()
        before = np.concatenate([[0.0], np.cumsum(plain)[:-1]])
        if (before < p).sum() == j:
            continue
        return torch.from_numpy(logits[None, :]), {"temperature": T, "top_k": k, "top_p": float(p)}


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    B, V = _size(rng)
    checks.append(probs_check("temperature divides the logits", _logits(rng, (B, V)),
                              {"temperature": float(rng.choice([0.4, 0.7, 1.5, 3.0]))}))

    B, V = _size(rng)
    checks.append(probs_check("top-k keeps the k largest logits in each row", _logits(rng, (B, V)),
                              {"top_k": int(rng.integers(2, V - 1))}))

    # top-p: p strictly inside the crossing token, a different crossing token per row
    B, V = _size(rng)
    logits = _logits(rng, (B, V))
    checks.append(probs_check("top-p keeps the token that crosses p (smallest set with mass >= p)", logits,
                              {"top_p": _top_p_for(rng, logits)}, hint=" (the token at which the sum crosses p stays)"))

    logits, kwargs = _combined_case(rng)
    checks.append(probs_check("temperature, then top-k, then top-p on the renormalized top-k distribution",
                              logits, kwargs, hint=" (temperature first; top-p on what top-k left, renormalized)"))

    # ties at the k-th logit: all tied tokens stay
    V = int(rng.integers(7, 12))
    k = int(rng.integers(2, V - 3))
    values = np.sort(rng.normal(0.0, 1.5, size=V))[::-1].copy()
    values[k - 1:k + 1] = values[k - 1]                    # the k-th and (k+1)-th largest are equal
    if rng.random() < 0.5:
        values[k + 1] = values[k - 1]                      # sometimes three of them
    logits = torch.from_numpy(values[rng.permutation(V)][None, :])
    checks.append(probs_check("top-k: tokens tied with the k-th logit are all kept", logits, {"top_k": k}))

    # ties where top-p crosses: p inside a block of three equal probabilities
    head = int(rng.integers(1, 3))
    c = float(rng.normal(0.0, 0.5))
    values = np.concatenate([c + 0.5 + rng.uniform(0.0, 1.5, size=head), [c] * 3,
                             c - 0.2 - rng.uniform(0.0, 2.0, size=int(rng.integers(2, 6)))])
    logits = torch.from_numpy(values[rng.permutation(values.shape[0])][None, :])
    probs = np.sort(numpy_of(torch.softmax(logits[0], -1)))[::-1]
    p = _p_inside(rng, probs, head)
    checks.append(probs_check("top-p: tokens as probable as the crossing one are all kept", logits, {"top_p": p},
                              hint=" (keep a token when the strictly more probable tokens hold less than p)"))

    B, V = _size(rng)
    logits = _logits(rng, (B, V))
    checks.append(Check("top_k >= V and top_p = 1.0 remove nothing",
                        [Call("filtered_probs", [logits], {"top_k": V + int(rng.integers(0, 3)), "top_p": 1.0})],
                        lambda o, w=numpy_of(torch.softmax(logits, -1)): first_problem(o)
                        or compare_probs(o[0].result, w, "float64")))

    B, V = _size(rng)
    checks.append(probs_check("top_k = 1 keeps only the most probable token",
                              _logits(rng, (B, V)), {"top_k": 1}))
    B, V = _size(rng)
    checks.append(probs_check("a tiny top_p keeps the most probable token", _logits(rng, (B, V)),
                              {"top_p": float(rng.uniform(1e-4, 1e-2))}))

    V = int(rng.integers(6, 12))
    checks.append(probs_check("any leading dimensions: a single row [V] (float64)", _logits(rng, (V,)),
                              {"top_k": int(rng.integers(2, V - 1)), "temperature": 0.8}))
    T = int(rng.integers(2, 5))
    V = int(rng.choice([v for v in range(6, 12) if v != T]))
    logits = _logits(rng, (2, T, V))
    checks.append(probs_check("any leading dimensions: [B, T, V] (float64)", logits,
                              {"top_p": _top_p_for(rng, logits, 1.3), "temperature": 1.3}))
    B, V = _size(rng)
    checks.append(probs_check("non-contiguous logits (a transposed view)", transposed(_logits(rng, (B, V))),
                              {"top_k": int(rng.integers(2, V - 1)), "top_p": 0.9, "temperature": 1.2},
                              hint=" (if the other checks pass: these logits are non-contiguous; use reshape, not view)"))
    B, V = _size(rng)
    checks.append(probs_check("float32 logits give float32 probabilities", _logits(rng, (B, V)).float(),
                              {"top_k": int(rng.integers(2, V - 1)), "temperature": 0.9}))

    B, V = _size(rng)
    logits = _logits(rng, (B, V))
    checks.append(Check("does not modify its inputs",
                        [Call("filtered_probs", [logits], {"top_k": 3, "temperature": 0.5}, return_inputs=True),
                         Call("sample", [logits, 0], {"top_k": 3, "temperature": 0.5}, return_inputs=True)],
                        lambda o, a=[logits]: first_problem(o) or unchanged_inputs(o[0], a, ["logits"])
                        or unchanged_inputs(o[1], a + [None], ["logits", "seed"])))

    # the draws as a distribution: rows with different filters, many draws each
    B, V = _size(rng)
    cases = [({"temperature": float(rng.choice([0.5, 2.0]))}, "temperature"),
             ({"top_k": int(rng.integers(2, V - 2))}, "top-k"),
             ({"top_p": None}, "top-p")]
    calls, wanted = [], []
    for kwargs, label in cases:
        logits = transposed(_logits(rng, (B, V)))  # non-contiguous
        if label == "top-p":
            kwargs = {"top_p": _top_p_for(rng, logits, 0.8), "temperature": 0.8}
        calls.append(Call("sample", [logits, int(rng.integers(0, 2**31))], dict(kwargs, num_samples=N_DRAWS)))
        wanted.append((label, numpy_of(reference(logits, **kwargs))))

    def frequencies(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for outcome, (label, probs) in zip(outcomes, wanted):
            got = outcome.result
            if not isinstance(got, TensorValue) or not got.is_tensor:
                return f"sample ({label}): expected a torch tensor of token ids"
            if got.dtype.split(".")[-1] != "int64":
                return f"sample ({label}): dtype {got.dtype.split('.')[-1]}, expected int64"
            ids = got.array
            if ids.shape != (probs.shape[0], N_DRAWS):
                return f"sample ({label}): shape {tuple(ids.shape)}, expected {(probs.shape[0], N_DRAWS)}"
            if ids.min() < 0 or ids.max() >= probs.shape[1]:
                return f"sample ({label}): token ids outside 0..V-1"
            for row, p in enumerate(probs):
                freq = np.bincount(ids[row], minlength=p.shape[0]) / N_DRAWS
                if (freq[p == 0] > 0).any():
                    return f"sample ({label}): a token that the filters remove was drawn"
                bound = 7 * np.sqrt(p * (1 - p) / N_DRAWS) + 1 / N_DRAWS
                worst = np.abs(freq - p) - bound
                if (worst > 0).any():
                    i = int(np.argmax(worst))
                    return (f"sample ({label}): a token with probability {p[i]:.4f} came up with frequency "
                            f"{freq[i]:.4f} in {N_DRAWS} draws (are the draws taken from filtered_probs?)")
        return None

    checks.append(Check(f"draws follow filtered_probs ({N_DRAWS} draws per row; temperature, top-k, top-p)",
                        calls, frequencies))

    # the seed: same seed, same draws; another seed, other draws; the global generator untouched
    B, V = _size(rng)
    logits = _logits(rng, (B, V), scale=0.5)
    seed = int(rng.integers(0, 2**31))
    kwargs = {"num_samples": 200, "temperature": 1.2}

    def reproducible(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        a, b, c = (as_array(o.result) for o in outcomes)
        if a is None or b is None or c is None or a.shape != b.shape or a.shape != c.shape:
            return "sample: expected tensors of one shape"
        if not np.array_equal(a, b):
            return ("two calls with the same seed drew different tokens: draw from "
                    "torch.Generator().manual_seed(seed), not from the global generator")
        if np.array_equal(a, c):
            return "two different seeds drew exactly the same tokens: is the seed used?"
        return None

    checks.append(Check("the same seed gives the same draws, another seed different ones",
                        [Call("sample", [logits, seed], kwargs), Call("sample", [logits, seed], kwargs),
                         Call("sample", [logits, seed + 1], kwargs)], reproducible))

    # shapes of the ids
    V = int(rng.integers(5, 10))
    T = int(rng.choice([t for t in range(2, 5)]))
    n = int(rng.integers(2, 6))
    one, batched = _logits(rng, (V,)), transposed(_logits(rng, (2, T, V)), 0, 1)  # [B, T, V], non-contiguous

    def shapes(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for outcome, want in zip(outcomes, [(1,), (n,), (2, T, n)]):
            got = as_array(outcome.result)
            if got is None:
                return "sample: expected a torch tensor of token ids"
            if got.shape != want:
                return f"sample: shape {tuple(got.shape)}, expected {want} (ids are [..., num_samples])"
        return None

    checks.append(Check("ids have shape [..., num_samples] (num_samples defaults to 1; [V] and non-contiguous "
                        "[B, T, V] logits)",
                        [Call("sample", [one, 1]), Call("sample", [one, 2], {"num_samples": n}),
                         Call("sample", [batched, 3], {"num_samples": n})], shapes))
    return checks
