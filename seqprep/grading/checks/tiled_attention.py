"""Hidden checks for `tiled_attention(q, k, v, block_size) -> out` (online softmax over key blocks).

Every draw holds the cases that separate the usual slips; the seed varies the
values and the sizes, never which cases are there:

    Tk a multiple of block_size plus one (a last block of one key), an exact
        multiple, block_size = 1 and block_size > Tk: a dropped, repeated or
        empty last block shows;
    B, H, Tq, Tk, d_k, d_v pairwise different; 4-D, 3-D and 2-D inputs; k transposed in memory;
    a later block whose scores are far larger (the running max must rescale what
        was summed so far), and scores spread over ~2000 (a shift by anything but
        the running max overflows, even in float64);
    a long sequence (Tq = 1024, Tk = 65536) under the task's memory limit: a full
        Tq x Tk float32 score matrix is 256 MiB, over the 160 MB limit. Its inputs
        are the same on every seed (`fixed_inputs`): it tests memory, and the values
        are tested on random inputs by the other checks.

Tolerances: float64 atol 1e-8, rtol 1e-6; float32 atol 2e-5, rtol 1e-4.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from . import Call, Check, distinct, first_problem, hinted, numpy_of, transposed, unchanged_inputs
from ..compare import tensor_mismatch
from .sdpa import draw, sizes

# The long case: a full [Tq, Tk] float32 score matrix is 256 MiB, over the task's memory limit
# (tasks/tiled-attention.yaml), while key blocks of 512 need about 2 MiB each.
LONG_TQ, LONG_TK, LONG_D, LONG_BLOCK = 1024, 65536, 8, 512
VALUES = ("out = softmax(q kᵀ / √d_k) v over all keys, d_k = q.shape[-1]; every key is in exactly one "
          "block, the last block may be shorter")


def reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    from answers.tiled_attention import tiled_attention

    return tiled_attention(q, k, v, block_size=64)


@lru_cache(maxsize=1)
def long_case() -> tuple:
    """The long sequence's inputs and expected output, the same on every seed."""
    generator = torch.Generator().manual_seed(20240611)
    q = torch.randn(1, LONG_TQ, LONG_D, generator=generator)
    k = torch.randn(1, LONG_TK, LONG_D, generator=generator)
    v = torch.randn(1, LONG_TK, LONG_D, generator=generator)
    expected = numpy_of(torch.nn.functional.scaled_dot_product_attention(q[None], k[None], v[None])[0])
    return q, k, v, expected


def _matches(name: str, q, k, v, block_size: int, hint: str = VALUES) -> Check:
    expected = numpy_of(reference(q, k, v))
    dtype = str(q.dtype).split(".")[-1]
    return Check(name, [Call("tiled_attention", [q, k, v, block_size])],
                 lambda o, e=expected, d=dtype: hinted(first_problem(o) or tensor_mismatch("out", o[0].result, e,
                                                                                           dtype=d), hint))


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    # a last block of one key: Tk = n * block + 1
    s = sizes(rng)
    block = int(rng.integers(2, 6))
    Tk = block * int(rng.integers(2, 5)) + 1
    q, k, v = draw(rng, torch.float32, dict(s, Tk=Tk))
    checks.append(_matches("matches softmax attention (float32, [B, H, T, d], Tk not a multiple of block_size: "
                           "a last block of one key)", q, k, v, block))

    # blocks that exactly fill Tk, 3-D, k transposed in memory
    s = sizes(rng)
    block = int(rng.integers(2, 6))
    Tk = block * int(rng.integers(2, 5))
    q, k, v = draw(rng, torch.float64, dict(s, Tk=Tk), batch=(s["B"],))
    checks.append(_matches("matches softmax attention (float64, [B, T, d], Tk a multiple of block_size, k "
                           "transposed in memory)", q, transposed(k), v, block))

    s = sizes(rng)
    q, k, v = draw(rng, torch.float64, s, batch=())
    checks.append(_matches("block_size = 1 (no batch dims)", q, k, v, 1))
    checks.append(_matches("block_size larger than Tk (one block)", q, k, v, s["Tk"] + int(rng.integers(1, 5))))

    # the running max must be corrected when a later block holds a much larger score
    s = sizes(rng)
    Tq, d_k = distinct(rng, 2, 2, 6)
    q, k, v = draw(rng, torch.float64, dict(s, Tq=Tq, Tk=12, d_k=d_k), batch=(s["B"],))
    k[..., 9:, :] *= 25.0
    k[..., :3, :] *= 10.0
    checks.append(_matches("later blocks with much larger scores (running max rescaling)", q, k, v, 3,
                           hint="when a block raises the running max m, rescale l and the output by "
                           "exp(m_old - m_new)"))

    # scores spread over ~2000: exp of anything but (s - running max) overflows, even in float64
    s = sizes(rng)
    Tq, block = distinct(rng, 2, 2, 6)
    q, k, v = draw(rng, torch.float64, dict(s, Tq=Tq, Tk=4 * block + 2, d_k=4), batch=(s["B"],))
    q = q / q.norm(dim=-1, keepdim=True) * 40.0
    k = k / k.norm(dim=-1, keepdim=True) * 50.0   # scores q·k/2 in [-1000, 1000]
    slots = rng.permutation(4 * block + 2)[: 2 * Tq]
    for i in range(Tq):   # each query meets one key at +1000 and one at -1000, wherever the blocks fall
        k[:, slots[i]] = q[:, i] * (50.0 / 40.0)
        k[:, slots[Tq + i]] = -q[:, i] * (50.0 / 40.0)
    checks.append(_matches("scores spread over thousands", q, k, v, block,
                           hint="exponentiate s - m with m the running max, never s itself"))

    s = sizes(rng)
    q, k, v = draw(rng, torch.float32, dict(s, Tq=1), batch=(1,))
    checks.append(_matches("a single query, a batch of one", q, k, v, int(rng.integers(2, 6))))

    s = sizes(rng)
    q, k, v = draw(rng, torch.float64, s, batch=(s["B"],))
    checks.append(Check("does not modify its inputs",
                        [Call("tiled_attention", [q, k, v, 2], return_inputs=True)],
                        lambda o, a=(q, k, v): first_problem(o) or unchanged_inputs(o[0], list(a), ["q", "k", "v"])))

    q, k, v, expected = long_case()

    def long_sequence(outcomes, expected=expected):
        outcome = outcomes[0]
        if outcome.ran and outcome.oom:
            return (f"out of memory on a long sequence (Tq={LONG_TQ}, Tk={LONG_TK}): "
                    "does it build the full Tq x Tk score matrix?")
        return first_problem(outcomes) or tensor_mismatch("out", outcome.result, expected, dtype="float32")

    checks.append(Check("long sequence within the memory limit (no Tq x Tk matrix)",
                        [Call("tiled_attention", [q, k, v, LONG_BLOCK])], long_sequence, fixed_inputs=True))
    return checks
