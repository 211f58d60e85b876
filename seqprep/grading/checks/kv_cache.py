"""Hidden checks for `cached_attention(q, k_new, v_new, k_cache, v_cache) -> (out, k_cache, v_cache)`.

Expected outputs are rows of torch's `F.scaled_dot_product_attention(q, k, v,
is_causal=True, enable_gqa=True)` over the whole sequence; expected caches are
the key/value prefixes. Every draw has B, H, H_kv, T, d_k and d_v chosen so
that no two are confused (d_k != d_v, H_kv < H with H_kv > 1 for grouped
queries), and always includes: prefill from an empty cache, token-by-token
decoding (one call per step, judged together), a chunk of several tokens after
a non-empty cache (the bottom-right causal mask), the grouping of query heads,
multi-query (H_kv = 1) and ordinary (H_kv = H) heads, the smallest case
(B = H = T = 1), float32, untouched inputs and gradients.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F

from . import Call, Check, first_problem, numpy_of, transposed, unchanged_inputs
from ..codec import TensorValue
from ..compare import tensor_mismatch

FN = "cached_attention"


class Sequence:
    """Full q [B, H, T, d_k], k [B, H_kv, T, d_k], v [B, H_kv, T, d_v] and their causal attention."""

    def __init__(self, rng: np.random.Generator, dtype: torch.dtype, *, B: Optional[int] = None,
                 H: Optional[int] = None, H_kv: Optional[int] = None, T: Optional[int] = None):
        self.B = B or int(rng.integers(2, 4))
        if H is None:
            H_kv = H_kv or int(rng.choice([2, 3]))
            H = H_kv * int(rng.choice([2, 3]))
        self.H, self.H_kv = H, H_kv or H
        self.T = T or int(rng.integers(5, 8))
        self.d_k = int(rng.choice([d for d in range(3, 9) if d not in (self.T, self.H)]))
        self.d_v = int(rng.choice([d for d in range(2, 10) if d not in (self.d_k, self.T, self.H)]))

        def draw(heads, d):
            return torch.from_numpy(rng.normal(0.0, 1.0, size=(self.B, heads, self.T, d))).to(dtype)

        self.q, self.k, self.v = draw(self.H, self.d_k), draw(self.H_kv, self.d_k), draw(self.H_kv, self.d_v)
        with torch.no_grad():
            full = F.scaled_dot_product_attention(self.q.double(), self.k.double(), self.v.double(),
                                                  is_causal=True, enable_gqa=self.H != self.H_kv)
        self.out = numpy_of(full.to(dtype))  # (B, H, T, d_v)
        self.dtype = str(dtype).split(".")[-1]

    def call(self, start: int, stop: int, *, layout: bool = False, **kwargs) -> Call:
        """The call that feeds tokens start..stop-1 with the cache of tokens 0..start-1.

        With `layout`, the new q, k, v arrive as after a head split of [B, T, H, d] (heads and
        time swapped in memory) and the caches with their last two dims transposed.
        """
        q, k, v = self.q[:, :, start:stop], self.k[:, :, start:stop], self.v[:, :, start:stop]
        k_cache, v_cache = self.k[:, :, :start], self.v[:, :, :start]
        if layout:
            q, k, v = (transposed(t, 1, 2) for t in (q, k, v))
            k_cache, v_cache = transposed(k_cache), transposed(v_cache)
        return Call(FN, [q, k, v, k_cache, v_cache], **kwargs)

    def judge_block(self, outcome, start: int, stop: int, label: str = "out") -> Optional[str]:
        """out must be rows start..stop-1 of full causal attention; caches the prefixes up to stop."""
        result = outcome.result
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return "expected a tuple (out, k_cache, v_cache)"
        message = tensor_mismatch(label, result[0], self.out[:, :, start:stop], dtype=self.dtype)
        if message:
            return message
        for name, full in (("k_cache", self.k), ("v_cache", self.v)):
            message = cache_mismatch(name, result[1 if name == "k_cache" else 2], numpy_of(full[:, :, :stop]),
                                     self.dtype)
            if message:
                return message
        return None


def cache_mismatch(name: str, got, want: np.ndarray, dtype: str) -> Optional[str]:
    if isinstance(got, TensorValue) and got.array.ndim == 4 and want.ndim == 4:
        shape = got.array.shape
        if shape[1] != want.shape[1] and shape[2] == want.shape[2]:
            return (f"{name}: {shape[1]} heads, expected {want.shape[1]}: the cache keeps the H_kv key/value "
                    "heads, not the heads expanded for the queries")
        if shape[2] != want.shape[2]:
            return (f"{name}: {shape[2]} positions, expected {want.shape[2]}: the new keys/values are "
                    "appended to the cache along dim 2")
    message = tensor_mismatch(name, got, want, dtype=dtype, atol=0.0, rtol=0.0)
    if message:
        return message + " (the old cache first, then the new tokens)"
    return None


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    s = Sequence(rng, torch.float64)
    checks.append(Check("prefill: an empty cache and the whole prompt give full causal attention (float64)",
                        [s.call(0, s.T)], lambda o, s=s: first_problem(o) or s.judge_block(o[0], 0, s.T)))

    # decoding: one call per token, each with the true cache of the tokens before it
    s = Sequence(rng, torch.float64)
    prefill = int(rng.integers(1, 3))
    bounds = [(0, prefill)] + [(t, t + 1) for t in range(prefill, s.T)]

    def step_by_step(outcomes, s=s, bounds=bounds):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for outcome, (start, stop) in zip(outcomes, bounds):
            message = s.judge_block(outcome, start, stop, label=f"out at step {start}")
            if message:
                return message
        return None

    checks.append(Check("decoding token by token equals full causal attention, step by step (float64)",
                        [s.call(a, b) for a, b in bounds], step_by_step))

    # a chunk of several new tokens after a non-empty cache: the mask's diagonal is offset by T_past
    s = Sequence(rng, torch.float64, T=int(rng.integers(6, 10)))
    start = int(rng.integers(2, s.T - 2))

    def chunk(outcomes, s=s, start=start):
        problem = first_problem(outcomes)
        if problem:
            return problem
        message = s.judge_block(outcomes[0], start, s.T)
        if message and message.startswith("out"):
            return (message + " (if prefill and one-token steps pass: new token i sits at position T_past + i "
                              "and sees keys 0 .. T_past + i, a mask aligned to the bottom-right corner)")
        return message

    checks.append(Check("a chunk of new tokens after a non-empty cache: bottom-right causal mask (float64)",
                        [s.call(start, s.T)], chunk))

    # grouped queries: 4 or 6 query heads over 2 or 3 KV heads, where repeat and repeat_interleave differ
    s = Sequence(rng, torch.float64, H_kv=int(rng.choice([2, 3])), H=None)
    start = int(rng.integers(1, s.T - 1))

    def grouping(outcomes, s=s, start=start):
        problem = first_problem(outcomes)
        if problem:
            return problem
        message = s.judge_block(outcomes[0], start, s.T)
        if message and message.startswith("out"):
            return message + (" (if the checks with H_kv = 1 and H_kv = H pass: query head j reads key/value "
                              "head j // (H / H_kv), as repeat_interleave gives)")
        return message

    checks.append(Check("grouped-query heads: query head j reads KV head j // (H / H_kv) (float64)",
                        [s.call(start, s.T)], grouping))

    for label, H, H_kv in (("multi-query, H_kv = 1", int(rng.integers(2, 5)), 1),
                           ("one KV head per query head, H_kv = H", int(rng.integers(2, 4)), None)):
        s = Sequence(rng, torch.float64, H=H, H_kv=H_kv or H)
        start = int(rng.integers(1, s.T - 1))
        checks.append(Check(f"{label} (float64)", [s.call(start, s.T)],
                            lambda o, s=s, start=start: first_problem(o) or s.judge_block(o[0], start, s.T)))

    s = Sequence(rng, torch.float64, B=1, H=1, H_kv=1, T=1)
    checks.append(Check("the smallest case: B = H = 1, an empty cache and one token (float64)",
                        [s.call(0, 1)], lambda o, s=s: first_problem(o) or s.judge_block(o[0], 0, 1)))

    s = Sequence(rng, torch.float64, T=int(rng.integers(6, 10)))
    start = int(rng.integers(2, s.T - 2))
    checks.append(Check("non-contiguous inputs (heads split from [B, T, H, d], transposed caches)",
                        [s.call(start, s.T, layout=True)],
                        lambda o, s=s, start=start: first_problem(o) or s.judge_block(o[0], start, s.T)))

    s = Sequence(rng, torch.float32)
    start = int(rng.integers(2, s.T - 1))
    checks.append(Check("float32: prefill, then one token",
                        [s.call(0, start), s.call(start, start + 1)],
                        lambda o, s=s, start=start: first_problem(o) or s.judge_block(o[0], 0, start)
                        or s.judge_block(o[1], start, start + 1)))

    s = Sequence(rng, torch.float64)
    start = int(rng.integers(2, s.T - 1))
    call = s.call(start, s.T, return_inputs=True)
    originals = list(call.args)
    checks.append(Check("does not modify its inputs (the caches passed in included)", [call],
                        lambda o, a=originals: first_problem(o) or unchanged_inputs(
                            o[0], a, ["q", "k_new", "v_new", "k_cache", "v_cache"])))

    # gradients of out to q, k_new and v_new against autograd through torch's SDPA on the whole sequence
    s = Sequence(rng, torch.float64)
    start = int(rng.integers(2, s.T - 1))
    q, k, v = (t.clone().requires_grad_(True) for t in (s.q, s.k, s.v))
    full = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
    seed = torch.from_numpy(rng.normal(size=(s.B, s.H, s.T - start, s.d_v)))
    (full[:, :, start:] * seed).sum().backward()
    wanted = [numpy_of(g[:, :, start:]) for g in (q.grad, k.grad, v.grad)]
    args = [s.q[:, :, start:].clone().requires_grad_(True), s.k[:, :, start:].clone().requires_grad_(True),
            s.v[:, :, start:].clone().requires_grad_(True), s.k[:, :, :start], s.v[:, :, :start]]

    def gradients(outcomes, wanted=wanted):
        problem = first_problem(outcomes)
        if problem:
            return problem
        grads = outcomes[0].grads
        if grads is None:
            return "no gradient flows through out (is it detached from the graph?)"
        for name, got, want in zip(("q", "k_new", "v_new"), grads, wanted):
            if got is None:
                return f"no gradient reaches {name}"
            message = tensor_mismatch(f"dL/d{name}", got, want, atol=1e-10, rtol=1e-7)
            if message:
                return message
        return None

    checks.append(Check("gradients reach q, k_new and v_new and match torch's attention (float64)",
                        [Call(FN, args, grad_seed=seed, grad_output=0)], gradients))
    return checks
