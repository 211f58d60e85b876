"""Hidden checks for `tiled_attention(q, k, v, block_size) -> out` (online softmax over key blocks)."""

from __future__ import annotations

import numpy as np
import torch

from . import Call, Check, first_problem, numpy_of, unchanged_inputs
from ..compare import tensor_mismatch
from .sdpa import draw

# The long case: a full [Tq, Tk] float32 score matrix is 256 MiB, over the task's memory limit
# (tasks/tiled-attention.yaml), while key blocks of 512 need about 2 MiB each.
LONG_TQ, LONG_TK, LONG_D, LONG_BLOCK = 1024, 65536, 8, 512


def reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    from answers.tiled_attention import tiled_attention

    return tiled_attention(q, k, v, block_size=64)


def _matches(name: str, q, k, v, block_size: int) -> Check:
    expected = numpy_of(reference(q, k, v))
    dtype = str(q.dtype).split(".")[-1]
    return Check(name, [Call("tiled_attention", [q, k, v, block_size])],
                 lambda o, e=expected, d=dtype: first_problem(o) or tensor_mismatch("out", o[0].result, e, dtype=d))


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []
    for dtype in (torch.float32, torch.float64):
        q, k, v = draw(rng, dtype, Tk=int(rng.integers(9, 20)))
        block = int(rng.choice([b for b in (2, 3, 4, 5) if k.shape[-2] % b]))
        checks.append(_matches(f"matches softmax attention ({str(dtype).split('.')[-1]}, Tk not a multiple "
                               "of block_size)", q, k, v, block))

    q, k, v = draw(rng, torch.float64, Tk=int(rng.integers(5, 12)))
    checks.append(_matches("block_size = 1", q, k, v, 1))
    checks.append(_matches("block_size larger than Tk", q, k, v, k.shape[-2] + int(rng.integers(1, 5))))

    # the running max must be corrected when a later block holds a much larger score
    q, k, v = draw(rng, torch.float64, batch=(2,), Tq=3, Tk=12, d_k=4)
    k[..., 9:, :] *= 25.0
    k[..., :3, :] *= 10.0
    checks.append(_matches("later blocks with much larger scores (running max rescaling)", q, k, v, 3))

    q, k, v = draw(rng, torch.float32, batch=(2,), Tq=int(rng.integers(1, 3)), Tk=16)
    checks.append(_matches("a single query or two", q, k, v, 4))

    q, k, v = draw(rng, torch.float64, batch=(1,))
    checks.append(Check("does not modify its inputs",
                        [Call("tiled_attention", [q, k, v, 2], return_inputs=True)],
                        lambda o, a=(q, k, v): first_problem(o) or unchanged_inputs(o[0], list(a), ["q", "k", "v"])))

    generator = torch.Generator().manual_seed(int(rng.integers(0, 2**31)))
    q = torch.randn(1, LONG_TQ, LONG_D, generator=generator)
    k = torch.randn(1, LONG_TK, LONG_D, generator=generator)
    v = torch.randn(1, LONG_TK, LONG_D, generator=generator)
    expected = numpy_of(torch.nn.functional.scaled_dot_product_attention(q[None], k[None], v[None])[0])

    def long_sequence(outcomes, expected=expected):
        outcome = outcomes[0]
        if outcome.ran and outcome.oom:
            return (f"out of memory on a long sequence (Tq={LONG_TQ}, Tk={LONG_TK}): "
                    "does it build the full Tq x Tk score matrix?")
        return first_problem(outcomes) or tensor_mismatch("out", outcome.result, expected, dtype="float32")

    checks.append(Check("long sequence within the memory limit (no Tq x Tk matrix)",
                        [Call("tiled_attention", [q, k, v, LONG_BLOCK])], long_sequence))
    return checks
