"""answers/relative_positions.py against torch: RoPE built the way Hugging Face builds its
inverse frequencies, its relative-position property, the NTK rescaling of the dynamic-NTK
formula, and ALiBi slopes transcribed from the reference implementation of Press et al."""

from __future__ import annotations

import math

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples

import answers.relative_positions as R


def inv_freq(d: int, base: float) -> torch.Tensor:
    """transformers' RotaryEmbedding: 1 / base^(arange(0, d, 2) / d)."""
    return 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.float64) / d))  # (d/2,)


def rotate(x: torch.Tensor, m: int, base: float = 10000.0) -> torch.Tensor:
    """RoPE on interleaved pairs (x_{2i}, x_{2i+1}) at position m."""
    angle = m * inv_freq(x.shape[-1], base)  # (d/2,)
    x1, x2 = x[..., 0::2], x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = x1 * torch.cos(angle) - x2 * torch.sin(angle)
    out[..., 1::2] = x1 * torch.sin(angle) + x2 * torch.cos(angle)
    return out


@pytest.mark.parametrize("d", [2, 8, 64])
def test_rope_scores_depend_on_the_offset_only(d):
    torch.manual_seed(d)
    q, k = torch.randn(d, dtype=torch.float64), torch.randn(d, dtype=torch.float64)
    for m, n, shift in [(5, 2, 7), (0, 9, 100), (3, 3, 1000)]:
        assert float(rotate(q, m) @ rotate(k, n)) == pytest.approx(float(rotate(q, m + shift) @ rotate(k, n + shift)))
        assert torch.linalg.norm(rotate(q, m)) == pytest.approx(float(torch.linalg.norm(q)))


@pytest.mark.parametrize("d,base", [(128, 10000.0), (64, 10000.0), (128, 500000.0), (8, 100.0)])
def test_wavelengths_match_hf_inverse_frequencies(d, base):
    for i, freq in enumerate(inv_freq(d, base)):
        assert R.rope_theta(d, i, base) == pytest.approx(float(freq), rel=1e-12)
        assert R.rope_wavelength(d, i, base) == pytest.approx(2 * math.pi / float(freq), rel=1e-12)


def test_wavelength_bank_grid():
    combos = bank_combos(R.rope_wavelength)
    assert combos
    for p in combos:
        freq = float(inv_freq(p["d"], p.get("base", 10000.0))[p["i"]])
        length = R.rope_wavelength(**p)
        assert length == pytest.approx(2 * math.pi / freq, rel=1e-12)
        assert math.cos(length * freq) == pytest.approx(1.0)  # one full turn


def hf_dynamic_ntk_base(base, dim, factor, seq_len, max_position_embeddings):
    """transformers' _compute_dynamic_ntk_parameters, for a sequence seq_len long."""
    return base * ((factor * seq_len / max_position_embeddings) - (factor - 1)) ** (dim / (dim - 2))


def test_ntk_base():
    combos = bank_combos(R.ntk_scaled_base)
    assert combos
    for p in combos + [dict(base=10000, scale=2, d=64)]:
        new_base = R.ntk_scaled_base(**p)
        d, s = p["d"], p["scale"]
        assert new_base == pytest.approx(hf_dynamic_ntk_base(p["base"], d, 1.0, 4096 * s, 4096), rel=1e-12)
        old, new = inv_freq(d, p["base"]), inv_freq(d, new_base)
        assert float(new[-1]) == pytest.approx(float(old[-1]) / s, rel=1e-9)  # the slowest pair: interpolated s times
        assert float(new[0]) == float(old[0]) == 1.0  # the fastest pair: untouched


def press_get_slopes(n):
    """ofirpress/attention_with_linear_biases, models/transformer.py, transcribed."""
    def get_slopes_power_of_2(n):
        start = 2 ** (-2 ** -(math.log2(n) - 3))
        ratio = start
        return [start * ratio ** i for i in range(n)]

    if math.log2(n).is_integer():
        return get_slopes_power_of_2(n)
    closest_power_of_2 = 2 ** math.floor(math.log2(n))
    return get_slopes_power_of_2(closest_power_of_2) + press_get_slopes(2 * closest_power_of_2)[0::2][
        : n - closest_power_of_2]


@pytest.mark.parametrize("n", range(1, 65))
def test_alibi_slopes_match_the_reference(n):
    assert R.alibi_slopes(n) == pytest.approx(press_get_slopes(n), rel=1e-12)


def test_alibi_bank_grid():
    combos = bank_combos(R.alibi_slope)
    assert combos
    for p in combos:
        assert R.alibi_slope(**p) == pytest.approx(press_get_slopes(p["num_heads"])[p["head"] - 1], rel=1e-12)


@pytest.mark.parametrize("call,value", docstring_examples(R))
def test_docstring_examples(call, value):
    check_example(R, call, value)
