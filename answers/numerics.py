"""Range and precision of IEEE-style binary floating-point formats (pure Python).

A format with e exponent bits and m stored mantissa bits has the bias
2^(e-1) - 1; the all-ones exponent is reserved for inf and NaN, the all-zeros
one for zero and subnormals. From that alone:

    largest finite     (2 - 2^-m) * 2^bias
    smallest normal    2^(1 - bias)
    smallest subnormal 2^(1 - bias - m)
    machine epsilon    2^-m (the gap above 1)

fp16 is (5, 10): max 65,504, eps 2^-10; bf16 is (8, 7): fp32's range with 3
significant decimal digits; fp32 is (8, 23). torch.finfo gives the same numbers
(tests/answers/test_numerics.py); the fp8 variant e4m3fn breaks the rule (no
inf, max 448) and is not covered here.
"""

from __future__ import annotations

import math


def exponent_bias(exponent_bits: int) -> int:
    """`exponent_bias(5) -> 15`."""
    return 2 ** (exponent_bits - 1) - 1


def float_max(exponent_bits: int, mantissa_bits: int) -> float:
    """Largest finite value: `float_max(5, 10) -> 65504.0` (fp16)."""
    return (2 - 2.0 ** -mantissa_bits) * 2.0 ** exponent_bias(exponent_bits)


def smallest_normal(exponent_bits: int) -> float:
    """`smallest_normal(5) -> 6.103515625e-05` (fp16's 2^-14)."""
    return 2.0 ** (1 - exponent_bias(exponent_bits))


def smallest_subnormal(exponent_bits: int, mantissa_bits: int) -> float:
    """Below it everything rounds to zero: `smallest_subnormal(5, 10) -> 5.960464477539063e-08` (2^-24)."""
    return 2.0 ** (1 - exponent_bias(exponent_bits) - mantissa_bits)


def machine_epsilon(mantissa_bits: int) -> float:
    """Gap between 1 and the next number: `machine_epsilon(7) -> 0.0078125` (bf16)."""
    return 2.0 ** -mantissa_bits


def ulp(x: float, mantissa_bits: int) -> float:
    """Gap between the normal number x and the next larger one: 2^(floor(log2 |x|) - m).
    In bf16 `ulp(256, 7) -> 2.0`, so 256 + 1 rounds back to 256."""
    if x == 0:
        raise ValueError("ulp is taken at a nonzero normal number here")
    return 2.0 ** (math.floor(math.log2(abs(x))) - mantissa_bits)


def exp_overflow_logit(exponent_bits: int, mantissa_bits: int) -> float:
    """The largest x whose exp(x) is still finite: ln(float_max).
    `exp_overflow_logit(5, 10) -> 11.09` (rounded): a softmax that does not subtract
    the max overflows in fp16 as soon as a logit exceeds about 11."""
    return math.log(float_max(exponent_bits, mantissa_bits))


def qk_overflow_magnitude(d_k: int, exponent_bits: int, mantissa_bits: int) -> float:
    """Entry size a at which an unscaled dot product of two d_k-vectors with every entry
    equal to a reaches the largest finite value: sqrt(float_max / d_k).
    `qk_overflow_magnitude(128, 5, 10) -> 22.62` (rounded): in fp16, q and k entries around 23
    already overflow q . k before any scaling."""
    return math.sqrt(float_max(exponent_bits, mantissa_bits) / d_k)

