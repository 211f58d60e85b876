"""Hidden checks for `sinusoidal_positional_encoding(max_len, d_model) -> [max_len, d_model]`.

PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(same). max_len and
d_model always differ, so a transposed table shows as a wrong shape. Results are
compared in float64 with atol 1e-5 (rtol 0), so a float32 table (even one computed in
float32, as the usual tutorial code does) passes: with max_len <= 64 its
error stays below 5e-6. When a table is wrong, the message names the
mistake if the table matches a known wrong layout (sin/cos swapped,
positions from 1, exponent i/d, halves concatenated).
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from . import Call, Check, first_problem
from ..codec import TensorValue
from ..compare import describe_type, tensor_mismatch

ATOL = 1e-5
FLOAT_DTYPES = ("float32", "float64")


def _reference(max_len: int, d_model: int) -> np.ndarray:
    import torch

    from answers.positional import sinusoidal_positional_encoding

    return sinusoidal_positional_encoding(max_len, d_model, dtype=torch.float64).numpy()


def _table(max_len: int, d_model: int, *, start: int = 0, swap: bool = False, exponent: str = "2i",
           layout: str = "interleaved") -> np.ndarray:
    """The table with one convention changed: the known wrong variants, for hints."""
    pos = np.arange(start, start + max_len, dtype=np.float64)[:, None]
    n_sin, n_cos = (d_model + 1) // 2, d_model // 2
    pair = np.arange(n_sin, dtype=np.float64)
    if exponent == "2i":
        sin_exp = cos_exp = 2 * pair / d_model
    elif exponent == "i":
        sin_exp = cos_exp = pair / d_model
    else:  # "column": each column uses its own index j / d
        sin_exp, cos_exp = 2 * pair / d_model, (2 * pair + 1) / d_model
    sin_part = np.sin(pos / 10000.0 ** sin_exp)
    cos_part = np.cos(pos / 10000.0 ** cos_exp)[:, :n_cos]
    if swap:
        sin_part, cos_part = np.cos(pos / 10000.0 ** sin_exp), np.sin(pos / 10000.0 ** cos_exp)[:, :n_cos]
    if layout == "concatenated":
        return np.concatenate([sin_part, cos_part], axis=1)
    pe = np.empty((max_len, d_model))
    pe[:, 0::2] = sin_part
    pe[:, 1::2] = cos_part
    return pe


HINTS = [
    ({"swap": True}, "cos in the even columns and sin in the odd ones: swapped?"),
    ({"start": 1}, "positions start at 1, not 0"),
    ({"exponent": "i"}, "the exponent is i/d_model instead of 2i/d_model"),
    ({"exponent": "column"}, "each column uses its own index j/d_model; a sin/cos pair shares 2i/d_model"),
    ({"layout": "concatenated"}, "all sines first, then all cosines: the columns should alternate sin, cos"),
]


def _hint(got: np.ndarray, max_len: int, d_model: int) -> str:
    for kwargs, hint in HINTS:
        variant = _table(max_len, d_model, **kwargs)
        if variant.shape == got.shape and np.allclose(got, variant, atol=ATOL, rtol=0):
            return f" (it looks like {hint})"
    return ""


def _mismatch(value, max_len: int, d_model: int) -> Optional[str]:
    expected = _reference(max_len, d_model)
    message = tensor_mismatch("PE", value, expected, atol=ATOL, rtol=0.0)
    if message and isinstance(value, TensorValue) and value.array.shape == expected.shape:
        message += _hint(value.array.astype(np.float64), max_len, d_model)
    return message


def _values_check(name: str, max_len: int, d_model: int) -> Check:
    return Check(name, [Call("sinusoidal_positional_encoding", [max_len, d_model])],
                 lambda o, L=max_len, d=d_model: first_problem(o) or _mismatch(o[0].result, L, d))


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    def pair(parity: int) -> tuple[int, int]:
        """(max_len, d_model) with d_model of the given parity and never equal to max_len."""
        max_len = int(rng.integers(8, 65))
        d_model = 2 * int(rng.integers(2, 32)) + parity
        return max_len, d_model + 2 if d_model == max_len else d_model

    max_len, d_model = pair(0)
    checks.append(_values_check("matches the formula (even d_model)", max_len, d_model))

    max_len, d_model = pair(1)
    checks.append(_values_check("odd d_model: the last column is a sine without its cosine", max_len, d_model))

    checks.append(_values_check("d_model = 1: a single sine column", int(rng.integers(8, 65)), 1))

    checks.append(_values_check("max_len = 1: the only row (position 0) is [0, 1, 0, 1, ...]",
                                1, 2 * int(rng.integers(2, 33)) + int(rng.integers(0, 2))))

    max_len, d_model = pair(int(rng.integers(0, 2)))

    def kind(outcomes, max_len=max_len, d_model=d_model):
        problem = first_problem(outcomes)
        if problem:
            return problem
        value = outcomes[0].result
        if not isinstance(value, TensorValue) or not value.is_tensor:
            return f"returned {describe_type(value)}, expected a torch tensor"
        dtype = value.dtype.split(".")[-1]
        if dtype not in FLOAT_DTYPES:
            return f"dtype {dtype}, expected float32 or float64"
        if tuple(value.array.shape) != (max_len, d_model):
            return f"shape {tuple(value.array.shape)}, expected [max_len, d_model] = {(max_len, d_model)}"
        return None

    checks.append(Check("returns a float32 or float64 torch tensor of shape [max_len, d_model]",
                        [Call("sinusoidal_positional_encoding", [max_len, d_model])], kind))
    return checks
