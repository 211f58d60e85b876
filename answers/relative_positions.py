"""RoPE frequencies, context-extension rescalings and ALiBi slopes (pure Python).

RoPE (Su et al., 2021) rotates each 2-D pair (x_{2i}, x_{2i+1}) of q and k at
position m by the angle m * theta_i, theta_i = base^(-2i/d), i = 0 .. d/2 - 1.
Since R(m)^T R(n) = R(n - m), q_m . k_n depends on m - n only. Pair i turns
once every 2 pi / theta_i positions: from 2 pi (i = 0) up to ~2 pi base.

Extending the context by a factor s:
* position interpolation (Chen et al., 2023) feeds m / s: every angle shrinks s times;
* NTK-aware scaling raises the base to base * s^(d / (d - 2)): the slowest pair is
  interpolated exactly s times while the fastest ones are almost untouched;
* YaRN interpolates only the pairs whose wavelength is longer than the trained
  context, extrapolates the short ones, and sharpens the softmax a little.

ALiBi (Press et al., 2022) adds -m_h * (i - j) to head h's scores; the slopes
form a geometric sequence starting at 2^(-8/n) with that ratio.
"""

from __future__ import annotations

import math


def rope_theta(d: int, i: int, base: float = 10000.0) -> float:
    """Angular frequency of pair i: base^(-2i/d). `rope_theta(128, 0) -> 1.0`."""
    if not 0 <= i < d // 2:
        raise ValueError(f"pair {i} is outside 0..{d // 2 - 1}")
    return base ** (-2 * i / d)


def rope_wavelength(d: int, i: int, base: float = 10000.0) -> float:
    """Positions per full turn of pair i: 2 pi / theta_i.
    `rope_wavelength(128, 63) -> 54410.1` (rounded): the slowest pair of a
    d_head = 128 head turns once in ~54k positions."""
    return 2 * math.pi / rope_theta(d, i, base)


def ntk_scaled_base(base: float, scale: float, d: int) -> float:
    """NTK-aware base for a context `scale` times longer: base * scale^(d / (d - 2)).
    `ntk_scaled_base(10000, 4, 128) -> 40890.0` (rounded); the slowest pair then turns
    exactly 4 times slower, the fastest one (i = 0) not at all."""
    return base * scale ** (d / (d - 2))


def alibi_slopes(num_heads: int) -> list[float]:
    """Slopes of Press et al.: for n a power of two, 2^(-8k/n) for k = 1..n.
    Otherwise the slopes of the closest smaller power of two n', followed by
    every other slope of 2n' until there are num_heads.
    `alibi_slopes(8) -> [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625]`."""

    def power_of_two(n: int) -> list[float]:
        start = 2 ** (-8 / n)
        return [start ** k for k in range(1, n + 1)]

    if num_heads & (num_heads - 1) == 0:
        return power_of_two(num_heads)
    closest = 2 ** int(math.log2(num_heads))
    return power_of_two(closest) + power_of_two(2 * closest)[0::2][: num_heads - closest]


def alibi_slope(num_heads: int, head: int) -> float:
    """Slope of head number `head` (1-based): `alibi_slope(8, 1) -> 0.5`."""
    if not 1 <= head <= num_heads:
        raise ValueError(f"head {head} is outside 1..{num_heads}")
    return alibi_slopes(num_heads)[head - 1]
