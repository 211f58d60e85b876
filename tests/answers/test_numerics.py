"""answers/numerics.py against torch.finfo and real bit patterns of torch's float dtypes, and,
for formats torch lacks (e = 8, m = 10 is TF32), against a decoder of IEEE bit fields that is
itself checked on torch's dtypes."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples

import answers.numerics as N

FORMATS = {  # (exponent bits, mantissa bits): dtype, same-width integer dtype for bit views
    (5, 10): (torch.float16, torch.int16),
    (8, 7): (torch.bfloat16, torch.int16),
    (8, 23): (torch.float32, torch.int32),
    (11, 52): (torch.float64, torch.int64),
    (5, 2): (torch.float8_e5m2, torch.int8),
}


def decode(bits: int, e: int, m: int) -> float:
    """Value of an IEEE-style bit pattern (sign 0) with e exponent and m mantissa bits."""
    exponent, mantissa = bits >> m, bits & ((1 << m) - 1)
    bias = 2 ** (e - 1) - 1
    if exponent == 0:
        return mantissa * 2.0 ** (1 - bias - m)
    if exponent == 2 ** e - 1:
        return math.inf if mantissa == 0 else math.nan
    return (1 + mantissa / 2 ** m) * 2.0 ** (exponent - bias)


def largest_finite_pattern(e: int, m: int) -> int:
    return ((2 ** e - 2) << m) | ((1 << m) - 1)


def from_bits(bits: int, fmt) -> float:
    dtype, int_dtype = FORMATS[fmt]
    if int_dtype == torch.int8 and bits > 127:
        bits -= 256
    return float(torch.tensor([bits], dtype=int_dtype).view(dtype)[0])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_against_torch_finfo_and_bits(fmt):
    e, m = fmt
    info = torch.finfo(FORMATS[fmt][0])
    assert N.float_max(e, m) == info.max == from_bits(largest_finite_pattern(e, m), fmt)
    assert N.smallest_normal(e) == info.smallest_normal == from_bits(1 << m, fmt)
    assert N.smallest_subnormal(e, m) == from_bits(1, fmt)
    assert N.machine_epsilon(m) == info.eps
    for bits in [1, 5, 1 << m, (1 << m) + 3, (3 << m) + 1, largest_finite_pattern(e, m)]:
        assert decode(bits, e, m) == from_bits(bits, fmt)  # the decoder is right where torch can tell
    assert decode((2 ** e - 1) << m, e, m) == math.inf == from_bits((2 ** e - 1) << m, fmt)


@pytest.mark.parametrize("e,m", list(itertools.product([4, 5, 6, 8], [2, 3, 7, 10])))
def test_formats_torch_lacks_against_the_decoder(e, m):
    assert N.float_max(e, m) == decode(largest_finite_pattern(e, m), e, m)
    assert N.smallest_subnormal(e, m) == decode(1, e, m)
    assert N.smallest_normal(e) == decode(1 << m, e, m)


def next_up(x: float, fmt) -> float:
    dtype, int_dtype = FORMATS[fmt]
    bits = torch.tensor([x], dtype=dtype).view(int_dtype)
    return float((bits + 1).view(dtype)[0])


@pytest.mark.parametrize("fmt", [(5, 10), (8, 7), (8, 23)])
@pytest.mark.parametrize("x", [1.0, 3.0, 256.0, 1000.0, 0.1, 65000.0])
def test_ulp_is_the_gap_to_the_next_number(fmt, x):
    x = float(torch.tensor(x, dtype=FORMATS[fmt][0]))  # a number of that format
    assert N.ulp(x, fmt[1]) == next_up(x, fmt) - x


def test_bf16_cannot_add_one_to_256():
    assert float(torch.tensor(256.0, dtype=torch.bfloat16) + 1) == 256.0
    assert N.ulp(256, 7) == 2.0


@pytest.mark.parametrize("fmt", [(5, 10), (8, 7), (8, 23)])
def test_exp_overflows_where_stated(fmt):
    dtype = FORMATS[fmt][0]
    edge = N.exp_overflow_logit(*fmt)
    below = torch.tensor(edge, dtype=torch.float64).to(dtype)
    if float(below) > edge:  # rounding to the format moved it past the edge: take the number below
        below = (below.view(FORMATS[fmt][1]) - 1).view(dtype)
    above = (below.view(FORMATS[fmt][1]) + 1).view(dtype)
    assert torch.isfinite(torch.exp(below.float()).to(dtype))
    assert torch.isinf(torch.exp(above.float()).to(dtype))


def test_bank_grids():
    found = 0
    for fn, reference in [
        (N.float_max, lambda e, m: decode(largest_finite_pattern(e, m), e, m)),
        (N.smallest_subnormal, lambda e, m: decode(1, e, m)),
        (N.exp_overflow_logit, lambda e, m: math.log(decode(largest_finite_pattern(e, m), e, m))),
    ]:
        for p in bank_combos(fn):
            found += 1
            assert fn(**p) == pytest.approx(reference(p["exponent_bits"], p["mantissa_bits"]), rel=1e-15)
    for p in bank_combos(N.ulp):
        found += 1
        m = p["mantissa_bits"]
        fmt = {7: (8, 7), 10: (5, 10), 23: (8, 23)}[m]
        assert N.ulp(**p) == next_up(float(p["x"]), fmt) - p["x"]
    assert found


@pytest.mark.parametrize("call,value", docstring_examples(N))
def test_docstring_examples(call, value):
    check_example(N, call, value)


@pytest.mark.parametrize("d_k", [16, 64, 128, 256])
def test_qk_overflow_in_fp16(d_k):
    a = N.qk_overflow_magnitude(d_k, 5, 10)
    below = torch.full((d_k,), a * 0.99, dtype=torch.float16)
    above = torch.full((d_k,), a * 1.01, dtype=torch.float16)
    assert torch.isfinite((below.float() @ below.float()).half())  # the product rounded to fp16
    assert torch.isinf((above.float() @ above.float()).half())
