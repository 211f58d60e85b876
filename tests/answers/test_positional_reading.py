"""answers/positional_reading.py against torch's sinusoidal encoding and hand values."""

from __future__ import annotations

import math

import pytest
import torch

from answers.positional import sinusoidal_positional_encoding
from answers.positional_reading import highest_column_addressed, pe_column, pe_vector


@pytest.mark.parametrize("d_model", [8, 64, 512])
def test_pair_reading_is_the_reference_encoding(d_model):
    reference = sinusoidal_positional_encoding(12, d_model, dtype=torch.float64)  # (12, d_model)
    for pos in range(12):
        assert pe_vector(pos, d_model, d_model, "pair") == pytest.approx(reference[pos].tolist(), abs=1e-12)


def test_dimension_reading_by_hand():
    # column j uses 1 / 10000^(2j/d) itself: column 1 of PE(1) is cos(1 / 10000^(2/512))
    assert pe_column(1, 1, 512, "dimension") == pytest.approx(math.cos(1 / 10000 ** (2 / 512)))
    assert pe_column(2, 3, 16, "dimension") == pytest.approx(math.cos(2 / 10000 ** (6 / 16)))
    assert pe_column(2, 0, 16, "dimension") == pe_column(2, 0, 16, "pair") == pytest.approx(math.sin(2))


def test_highest_column():
    assert highest_column_addressed(512, "pair") == 511
    assert highest_column_addressed(512, "dimension") == 1023
    with pytest.raises(ValueError):
        pe_column(0, 0, 8, "column")
