"""Compare what a submission returned with what was expected, and say how it differs.

Every function returns None when the value is right, else a one-line message
a candidate can act on (shape, dtype, NaN/Inf, worst error and where). No
message contains the hidden inputs.

    >>> tensor_mismatch("out", TensorValue(np.zeros((2, 3)), "torch.float64", True), np.ones((2, 3)))
    'out: max abs error 1 at index (0, 0) (max rel error 1); allowed atol=1e-08, rtol=1e-06'
"""

from __future__ import annotations

import signal
from typing import Any, Optional

import numpy as np

from .codec import EmbeddingValue, TensorValue, Unsupported

TOL = {"float64": (1e-8, 1e-6), "float32": (2e-5, 1e-4), "float16": (1e-3, 1e-2)}


def tolerance(dtype: str) -> tuple[float, float]:
    return TOL.get(dtype.split(".")[-1], TOL["float32"])


def describe_type(value: Any) -> str:
    if isinstance(value, Unsupported):
        return f"a {value.type_name}"
    if isinstance(value, TensorValue):
        return "a torch tensor" if value.is_tensor else "a NumPy array"
    if isinstance(value, EmbeddingValue):
        return "an nn.Embedding"
    if value is None:
        return "None"
    return f"a {type(value).__name__}"


def tensor_mismatch(name: str, got: Any, expected: np.ndarray, *, dtype: Optional[str] = None,
                    atol: Optional[float] = None, rtol: Optional[float] = None,
                    want_tensor: bool = True) -> Optional[str]:
    """`got` must be a tensor (or a NumPy array when want_tensor is False) close to `expected`.

    `dtype`, when given, is the dtype the result must have, e.g. "float64".
    """
    expected = np.asarray(expected)
    kind = "torch tensor" if want_tensor else "NumPy array"
    if not isinstance(got, TensorValue) or got.is_tensor != want_tensor:
        return f"{name}: returned {describe_type(got)}, expected a {kind}"
    array = got.array
    if dtype is not None and got.dtype.split(".")[-1] != dtype:
        return f"{name}: dtype {got.dtype.split('.')[-1]}, expected {dtype} (keep the input's dtype)"
    if array.shape != expected.shape:
        return f"{name}: shape {tuple(array.shape)}, expected {tuple(expected.shape)}"
    if atol is None or rtol is None:
        atol_d, rtol_d = tolerance(dtype or got.dtype)
        atol = atol_d if atol is None else atol
        rtol = rtol_d if rtol is None else rtol
    if _all_close(array, expected, atol, rtol):  # the common case, in a few vectorized steps
        return None
    if array.dtype == np.bool_ or expected.dtype == np.bool_:
        bad = np.argwhere(array != expected)
        return None if bad.size == 0 else f"{name}: differs at index {_index(bad[0])}"
    if np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.complexfloating):
        finite_expected = np.isfinite(expected)
        for bad_value, label in ((np.isnan(array), "NaN"), (np.isinf(array) & finite_expected, "Inf")):
            if (bad_value & ~np.isnan(expected)).any() if label == "NaN" else bad_value.any():
                where = np.argwhere(bad_value & (~np.isnan(expected) if label == "NaN" else True))
                if where.size:
                    return f"{name}: contains {label} at index {_index(where[0])}"
    a = array.astype(np.float64)
    e = expected.astype(np.float64)
    both_inf = np.isinf(a) & np.isinf(e) & (np.sign(a) == np.sign(e))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        diff = np.where(both_inf, 0.0, np.abs(a - e))
        diff = np.where(np.isnan(diff), np.inf, diff)
        if diff.size == 0:
            return None
        allowed = atol + rtol * np.abs(np.where(np.isfinite(e), e, 0.0))
        if (diff <= allowed).all():
            return None
        worst = np.unravel_index(np.argmax(diff - allowed), diff.shape)
        rel = diff / np.maximum(np.abs(e), 1e-30)
        return (f"{name}: max abs error {_num(diff.max())} at index {_index(worst)} "
                f"(max rel error {_num(np.nanmax(np.where(np.isfinite(rel), rel, 0)))}); "
                f"allowed atol={atol:g}, rtol={rtol:g}")


def _all_close(array: np.ndarray, expected: np.ndarray, atol: float, rtol: float) -> bool:
    """Every entry finite and within atol + rtol * |expected| (bools: equal). Infinities and
    NaN take the careful path in `tensor_mismatch`."""
    if array.dtype == np.bool_ or expected.dtype == np.bool_:
        return bool(np.array_equal(array, expected))
    if not (np.issubdtype(array.dtype, np.number) and np.issubdtype(expected.dtype, np.number)):
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        e = expected.astype(np.float64, copy=False)
        close = np.abs(array.astype(np.float64, copy=False) - e) <= atol + rtol * np.abs(e)
        return bool((close & np.isfinite(e)).all())


def value_mismatch(name: str, got: Any, expected: Any) -> Optional[str]:
    """Exact comparison of plain data (ints, strings, lists, dicts)."""
    if type(got) is not type(expected) and not (isinstance(expected, list) and isinstance(got, list)):
        if isinstance(expected, tuple) and isinstance(got, list):
            got = tuple(got)
        elif isinstance(expected, int) and type(got) is bool:
            return f"{name}: returned a bool, expected an int"
        elif not (isinstance(expected, (int, float)) and type(got) in (int, float)):
            return f"{name}: returned {describe_type(got)}, expected a {type(expected).__name__}"
    if got == expected:
        return None
    if isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)):
        if len(got) != len(expected):
            return f"{name}: {len(got)} items, expected {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            if g != e:
                return f"{name}: first difference at position {i}"
    if isinstance(expected, dict) and isinstance(got, dict):
        missing = [k for k in expected if k not in got]
        extra = [k for k in got if k not in expected]
        if missing:
            return f"{name}: {len(missing)} expected keys missing"
        if extra:
            return f"{name}: {len(extra)} unexpected keys"
        wrong = [k for k in expected if got[k] != expected[k]]
        return f"{name}: {len(wrong)} keys have wrong values"
    return f"{name}: wrong value"


def pieces_mismatch(name: str, got: Any, expected: list[str], hint: str = "",
                    same_text: bool = False) -> Optional[str]:
    """A tokenizer's list of str pieces against the expected one.

    With `same_text`, pieces that do not even spell the same characters are
    reported as such (BPE pieces always concatenate back to the words).
    """
    suffix = f" ({hint})" if hint else ""
    if not isinstance(got, list):
        return f"{name}: returned {describe_type(got)}, expected a list of str"
    bad = next((p for p in got if type(p) is not str), None)
    if bad is not None:
        return f"{name}: the list holds {describe_type(bad)}, expected str pieces"
    if got == expected:
        return None
    if same_text and "".join(got) != "".join(expected):
        return (f"{name}: the pieces do not spell the words of the text "
                f"(joined, they differ from the text without whitespace){suffix}")
    if len(got) != len(expected):
        count = f"{len(got)} piece" if len(got) == 1 else f"{len(got)} pieces"
        return f"{name}: {count}, expected {len(expected)}{suffix}"
    first = next(i for i, (g, e) in enumerate(zip(got, expected)) if g != e)
    return f"{name}: first wrong piece at position {first}{suffix}"


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _index(index) -> str:
    return "(" + ", ".join(str(int(i)) for i in index) + ("," if len(index) == 1 else "") + ")"


def _num(x: float) -> str:
    return f"{x:.3g}"
