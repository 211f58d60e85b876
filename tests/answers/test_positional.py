"""answers.positional against a per-element math.sin / math.cos reference and the
document's printed PE values."""

from __future__ import annotations

import math

import pytest
import torch

from answers.positional import pe_heatmap_data, rotation_matrix, shift_as_rotation, sinusoidal_positional_encoding


def _reference(max_len: int, d_model: int) -> torch.Tensor:
    """Straight from the paper's formula, one element at a time, in Python floats."""
    rows = []
    for pos in range(max_len):
        row = []
        for col in range(d_model):
            i = col // 2
            angle = pos / 10000 ** (2 * i / d_model)
            row.append(math.sin(angle) if col % 2 == 0 else math.cos(angle))
        rows.append(row)
    return torch.tensor(rows, dtype=torch.float64)


@pytest.mark.parametrize("max_len,d_model", [(1, 2), (10, 4), (50, 16), (30, 7), (5, 1), (20, 3), (64, 128)])
def test_matches_per_element_reference_float64(max_len, d_model):
    pe = sinusoidal_positional_encoding(max_len, d_model, dtype=torch.float64)
    assert pe.shape == (max_len, d_model) and pe.dtype == torch.float64
    torch.testing.assert_close(pe, _reference(max_len, d_model), rtol=0, atol=1e-12)


def test_float32_default_and_device_argument():
    pe = sinusoidal_positional_encoding(100, 32, device="cpu")
    assert pe.dtype == torch.float32 and pe.device.type == "cpu"
    torch.testing.assert_close(pe, _reference(100, 32).float())


def test_documents_printed_values():
    """PE(0)[:2] = [0, 1], PE(1)[:2] = [0.84, 0.54], PE(2)[:2] = [0.91, -0.42] to 2 decimals;
    the first pair has frequency 1 for any d_model, so these are sin/cos of 0, 1, 2."""
    for d_model in (4, 64, 512):
        pe = sinusoidal_positional_encoding(3, d_model, dtype=torch.float64)
        rounded = [[round(x, 2) + 0.0 for x in pe[p, :2].tolist()] for p in range(3)]
        assert rounded == [[0.0, 1.0], [0.84, 0.54], [0.91, -0.42]]
        assert pe[0, 2].item() == 0.0  # the document's third entry of PE(0)


def test_odd_d_model_last_column_is_sine_of_next_pair():
    d = 5
    pe = sinusoidal_positional_encoding(12, d, dtype=torch.float64)
    assert pe.shape == (12, 5)
    for pos in range(12):
        assert pe[pos, 4].item() == pytest.approx(math.sin(pos / 10000 ** (4 / 5)), abs=1e-14)
    # the first four columns use d_model = 5 in the exponent, not 4: this is not a sliced d=4 table
    assert not torch.allclose(pe[:, :4], sinusoidal_positional_encoding(12, 4, dtype=torch.float64))


@pytest.mark.parametrize("d_model", [2, 6, 16, 64, 7])
@pytest.mark.parametrize("k", [1, 3, 10, 57])
def test_shift_is_a_rotation_independent_of_pos(d_model, k):
    err = shift_as_rotation([0, 1, 5, 17, 200, 999], k, d_model)
    assert err < 1e-5
    assert 0.0 <= err < 1e-10  # in float64 it is really exact up to rounding


def test_rotation_matrix_is_orthogonal_and_depends_on_k():
    R = rotation_matrix(4, 8)
    torch.testing.assert_close(R @ R.T, torch.eye(8, dtype=torch.float64))
    assert not torch.allclose(rotation_matrix(4, 8), rotation_matrix(5, 8))
    # R(k) R(j) = R(k + j): shifts compose
    torch.testing.assert_close(rotation_matrix(4, 8) @ rotation_matrix(3, 8), rotation_matrix(7, 8))


def test_a_wrong_rotation_is_caught():
    """The property check can fail: a rotation by the wrong offset gives a large error."""
    pe = sinusoidal_positional_encoding(20, 8, dtype=torch.float64)
    wrong = pe[3] @ rotation_matrix(2, 8).T
    assert (pe[3 + 3] - wrong).abs().max() > 0.1


@pytest.mark.parametrize("d_model", [1, 3, 8, 33])
def test_values_bounded(d_model):
    pe = sinusoidal_positional_encoding(2000, d_model, dtype=torch.float64)
    assert pe.abs().max() <= 1.0
    assert pe.min() < -0.99 and pe.max() > 0.99  # column 0 is sin(pos): it does reach the bounds


def test_heatmap_data_is_plain_lists():
    data = pe_heatmap_data(6, 4)
    assert isinstance(data, list) and len(data) == 6 and all(isinstance(r, list) and len(r) == 4 for r in data)
    assert all(isinstance(x, float) for r in data for x in r)
    torch.testing.assert_close(torch.tensor(data, dtype=torch.float64), _reference(6, 4))


def test_rejects_bad_sizes():
    with pytest.raises(ValueError):
        sinusoidal_positional_encoding(4, 0)
