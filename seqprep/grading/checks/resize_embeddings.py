"""Hidden checks for `resize_embeddings(emb: nn.Embedding, new_num_tokens) -> nn.Embedding`.

The result is a new module: rows 0 .. min(old, new) - 1 equal the old rows
exactly (atol 0), added rows equal the mean of all old rows (the padding row
included; float32 atol 1e-6, rtol 1e-5, float64 atol 1e-12, rtol 1e-10, as
the statement says), dtype and padding_idx are kept, and the input module is
left as it was. V and d always differ. The old weights get a different offset per column, so the
per-column mean is far from the mean of all entries (a mean over the wrong
axis shows), and the padding row is zero, as nn.Embedding makes it.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch
from torch import nn

from . import Call, Check, Outcome, first_problem
from ..codec import EmbeddingValue, TensorValue
from ..compare import describe_type, tensor_mismatch

MEAN_TOL = {"float32": (1e-6, 1e-5), "float64": (1e-12, 1e-10)}


def _embedding(rng: np.random.Generator, V: int, d: int, dtype: torch.dtype,
               padding_idx: Optional[int] = None) -> nn.Embedding:
    weight = rng.normal(0.0, 1.0, size=(V, d)) + rng.normal(0.0, 1.0, size=(1, d))  # (V, d), column offsets
    if padding_idx is not None:
        weight[padding_idx] = 0.0
    emb = nn.Embedding(V, d, padding_idx=padding_idx, dtype=dtype)
    with torch.no_grad():
        emb.weight.copy_(torch.from_numpy(weight))
    return emb


def _reference(emb: nn.Embedding, new_num_tokens: int) -> np.ndarray:
    from answers.vocab_extension import resize_embeddings

    return resize_embeddings(emb, new_num_tokens).weight.detach().numpy().copy()


def _module(outcome: Outcome, new_num_tokens: int, d: int) -> tuple[Optional[EmbeddingValue], Optional[str]]:
    value = outcome.result
    if not isinstance(value, EmbeddingValue):
        return None, f"returned {describe_type(value)}, expected an nn.Embedding"
    if tuple(value.weight.shape) != (new_num_tokens, d):
        return None, f"weight shape {tuple(value.weight.shape)}, expected {(new_num_tokens, d)}"
    return value, None


def _as_tensor_value(value: EmbeddingValue, rows: slice) -> TensorValue:
    return TensorValue(value.weight[rows], value.dtype, True)


def _rows_check(name: str, emb: nn.Embedding, new_num_tokens: int, part: str) -> Check:
    """part: "kept" (rows 0..min-1 equal the old ones exactly) or "added" (rows old.. = the mean)."""
    expected = _reference(emb, new_num_tokens)
    V, d = emb.weight.shape
    dtype = str(emb.weight.dtype).split(".")[-1]

    def judge(outcomes, expected=expected, V=V, d=d, n=new_num_tokens, part=part, dtype=dtype):
        problem = first_problem(outcomes)
        if problem:
            return problem
        value, problem = _module(outcomes[0], n, d)
        if problem:
            return problem
        if part == "kept":
            keep = slice(0, min(V, n))
            return tensor_mismatch(f"rows 0..{min(V, n) - 1} (copies of the old rows)",
                                   _as_tensor_value(value, keep), expected[keep], dtype=dtype, atol=0.0, rtol=0.0)
        atol, rtol = MEAN_TOL.get(dtype, MEAN_TOL["float32"])
        added = slice(V, n)
        label = f"added row {V}" if n == V + 1 else f"added rows {V}..{n - 1}"
        message = tensor_mismatch(label, _as_tensor_value(value, added), expected[added], dtype=dtype,
                                  atol=atol, rtol=rtol)
        if message and "dtype" in message:
            return message
        if message:
            got = value.weight[added].astype(np.float64)
            if np.allclose(got, got.mean(), atol=atol):
                message += " (every entry is the same number: the mean over all entries instead of per column?)"
            else:
                message += " (they must equal the mean of the old rows)"
        return message

    return Check(name, [Call("resize_embeddings", [emb, new_num_tokens])], judge)


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    def sizes() -> tuple[int, int]:
        """(V, d) with V != d: a mean over the wrong axis cannot broadcast into the added rows."""
        V, d = int(rng.integers(5, 30)), int(rng.integers(3, 17))
        return V, d + 1 if d == V else d

    V, d = sizes()
    n = V + int(rng.integers(1, 8))
    checks.append(Check("returns an nn.Embedding with new_num_tokens rows",
                        [Call("resize_embeddings", [_embedding(rng, V, d, torch.float32), n])],
                        lambda o, n=n, d=d: first_problem(o) or _module(o[0], n, d)[1]))

    # growing, float32 and float64, with and without padding_idx
    V, d = sizes()
    grow = int(rng.integers(1, 8))
    emb32 = _embedding(rng, V, d, torch.float32)
    checks.append(_rows_check("grow: the old rows are kept (float32)", emb32, V + grow, "kept"))
    checks.append(_rows_check("grow: the added rows are the mean of the old rows (float32)", emb32, V + grow,
                              "added"))
    V, d = sizes()
    grow = int(rng.integers(1, 8))
    emb64 = _embedding(rng, V, d, torch.float64, padding_idx=int(rng.integers(0, V)))
    checks.append(_rows_check("grow with padding_idx: the old rows are kept (float64)", emb64, V + grow, "kept"))
    checks.append(_rows_check("grow with padding_idx: the added rows are the mean of the old rows (float64)",
                              emb64, V + grow, "added"))

    # shrinking and keeping the size
    V, d = sizes()
    new = int(rng.integers(2, V))
    checks.append(_rows_check("shrink: the first new_num_tokens rows are kept (float32)",
                              _embedding(rng, V, d, torch.float32, padding_idx=int(rng.integers(0, new))),
                              new, "kept"))
    V, d = sizes()
    checks.append(_rows_check("same size: an equal copy (float64)", _embedding(rng, V, d, torch.float64), V,
                              "kept"))

    # dtype and padding_idx, over grow / shrink / same size
    dtype_calls, dtype_cases, pad_calls, pad_cases = [], [], [], []
    for dtype in (torch.float64, torch.float32):
        for change in ("grow", "shrink", "same"):
            V, d = sizes()
            n = {"grow": V + int(rng.integers(1, 8)), "shrink": int(rng.integers(2, V)), "same": V}[change]
            pad = int(rng.integers(0, min(V, n)))
            dtype_calls.append(Call("resize_embeddings", [_embedding(rng, V, d, dtype), n]))
            dtype_cases.append((change, n, d, str(dtype).split(".")[-1]))
            pad_calls.append(Call("resize_embeddings", [_embedding(rng, V, d, dtype, padding_idx=pad), n]))
            pad_cases.append((change, n, d, pad))

    def keeps_dtype(outcomes, cases=dtype_cases):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for outcome, (change, n, d, dtype) in zip(outcomes, cases):
            value, problem = _module(outcome, n, d)
            if problem:
                return f"{change}: {problem}"
            got = value.dtype.split(".")[-1]
            if got != dtype:
                return f"{change}: the weight's dtype is {got}, expected {dtype} (keep the input's dtype)"
        return None

    checks.append(Check("keeps the dtype (float32 and float64; grow, shrink, same size)", dtype_calls,
                        keeps_dtype))

    def keeps_padding(outcomes, cases=pad_cases):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for outcome, (change, n, d, pad) in zip(outcomes, cases):
            value, problem = _module(outcome, n, d)
            if problem:
                return f"{change}: {problem}"
            if value.padding_idx != pad:
                return f"{change}: padding_idx is {value.padding_idx}, expected {pad} (keep the input's padding_idx)"
        return None

    checks.append(Check("keeps padding_idx (grow, shrink, same size)", pad_calls, keeps_padding))

    # no padding_idx stays no padding_idx
    V, d = sizes()
    n = V + int(rng.integers(1, 8))

    def no_padding(outcomes, n=n, d=d):
        problem = first_problem(outcomes)
        if problem:
            return problem
        value, problem = _module(outcomes[0], n, d)
        if problem:
            return problem
        if value.padding_idx is not None:
            return f"padding_idx is {value.padding_idx}, expected None (the input has no padding_idx)"
        return None

    emb = _embedding(rng, V, d, torch.float32)
    checks.append(Check("padding_idx None stays None", [Call("resize_embeddings", [emb, n])], no_padding))

    # the input module is not modified (grow and shrink)
    calls, originals = [], []
    for change in ("grow", "shrink"):
        V, d = sizes()
        n = V + int(rng.integers(1, 8)) if change == "grow" else int(rng.integers(2, V))
        pad = int(rng.integers(0, min(V, n)))
        emb = _embedding(rng, V, d, torch.float32, padding_idx=pad)
        calls.append(Call("resize_embeddings", [emb, n], return_inputs=True))
        originals.append((change, emb.weight.detach().numpy().copy(), pad))

    def unchanged(outcomes, originals=originals):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for outcome, (change, weight, pad) in zip(outcomes, originals):
            after = (outcome.inputs_after or [None])[0]
            if not isinstance(after, EmbeddingValue):
                return f"{change}: the input module could not be inspected after the call"
            if after.weight.shape != weight.shape:
                return (f"{change}: the input module now has weight shape {tuple(after.weight.shape)}, "
                        f"it had {tuple(weight.shape)}: return a new module and leave the input as it is")
            if not np.array_equal(after.weight, weight):
                return f"{change}: the input module's weight was modified"
            if after.padding_idx != pad:
                return f"{change}: the input module's padding_idx was changed"
        return None

    checks.append(Check("returns a new module and leaves the input unchanged (grow, shrink)", calls, unchanged))
    return checks
