"""compare.tensor_mismatch: the fast path (every entry close) and the careful path agree, and
infinities and NaN are judged by their sign and place, never waved through."""

from __future__ import annotations

import numpy as np
import pytest

from seqprep.grading.codec import TensorValue
from seqprep.grading.compare import tensor_mismatch


def value(array, dtype="torch.float64") -> TensorValue:
    return TensorValue(np.asarray(array, dtype=np.float64 if "float64" in dtype else np.float32), dtype, True)


@pytest.mark.parametrize("got, expected, ok", [
    ([1.0, 2.0], [1.0, 2.0 + 5e-7], True),             # within rtol 1e-6 of 2
    ([1.0, 2.0], [1.0, 2.0 + 5e-6], False),
    ([np.inf, 1.0], [np.inf, 1.0], True),              # the same infinity
    ([-np.inf, 1.0], [np.inf, 1.0], False),            # the opposite one
    ([1e300, 1.0], [np.inf, 1.0], False),              # finite where inf is expected
    ([np.inf, 1.0], [1e300, 1.0], False),
    ([np.nan, 1.0], [0.0, 1.0], False),
    ([np.nan, 1.0], [np.nan, 1.0], False),             # NaN is never right
    ([], [], True),
])
def test_close_or_not(got, expected, ok):
    message = tensor_mismatch("out", value(got), np.asarray(expected, dtype=np.float64))
    assert (message is None) == ok, message


def test_the_message_names_the_worst_entry_and_the_tolerance():
    expected = np.zeros((2, 3))
    got = expected.copy()
    got[1, 2] = 0.5
    assert tensor_mismatch("out", value(got), expected) == \
        "out: max abs error 0.5 at index (1, 2) (max rel error 5e+29); allowed atol=1e-08, rtol=1e-06"


def test_float32_tolerance_and_dtype():
    expected = np.ones(4)
    assert tensor_mismatch("out", value(expected + 1e-5, "torch.float32"), expected) is None
    assert tensor_mismatch("out", value(expected + 1e-3, "torch.float32"), expected) is not None
    assert "dtype float32, expected float64" in tensor_mismatch("out", value(expected, "torch.float32"), expected,
                                                                dtype="float64")
