"""Rotary position embedding (RoPE; Su et al., 2021), interleaved pairs.

The features of a query or key at position m are read as d/2 pairs
(x[2i], x[2i+1]) and pair i is rotated by the angle m * theta_i:

    theta_i = base^(-2i/d),  i = 0 .. d/2 - 1            (base = 10000)
    x'[2i]   = x[2i] cos(m theta_i) - x[2i+1] sin(m theta_i)
    x'[2i+1] = x[2i] sin(m theta_i) + x[2i+1] cos(m theta_i)

Seen as complex numbers z_i = x[2i] + j x[2i+1], this is z_i * e^{j m theta_i}.
A rotation keeps the norm, and the dot product of a query rotated to m with a
key rotated to n is

    <R(m) q, R(n) k> = <q, R(n - m) k>

so attention scores depend on the offset n - m only, never on m and n apart.
RoPE rotates q and k, never v.

The pairing is a convention: the paper and Meta's original LLaMA code pair
neighbors (2i, 2i+1), as here; GPT-NeoX and Hugging Face's Llama pair i with
i + d/2 ("rotate_half"). Both are rotations with the same property, but they
are different functions, so weights trained with one need their columns
permuted to be used with the other. `tests/answers/test_rope.py` pins the
interleaved form against complex multiplication.

Angles are computed in float64: at m = 10^4 a float32 angle is off by about
1e-3 rad. Tiny example, d = 2, m = 1 (theta_0 = 1): [1, 0] -> [cos 1, sin 1] = [0.5403, 0.8415].
"""

from __future__ import annotations

import torch


def rope_angles(positions: torch.Tensor, d: int, base: float = 10000.0) -> torch.Tensor:
    """m * theta_i for every position m and pair i, float64: positions [T] -> [T, d/2]."""
    if d % 2:
        raise ValueError(f"RoPE needs an even feature size, got d = {d}")
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64, device=positions.device) / d)  # (d/2,)
    return positions.to(torch.float64)[:, None] * theta[None, :]  # (T, d/2)


def apply_rope(x: torch.Tensor, positions: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Rotate x [..., T, d] whose rows sit at the integer positions [T]; returns x's dtype."""
    angles = rope_angles(positions, x.shape[-1], base)  # (T, d/2)
    cos, sin = torch.cos(angles), torch.sin(angles)  # (T, d/2) each
    x_even = x[..., 0::2].to(torch.float64)  # (..., T, d/2) first of each pair
    x_odd = x[..., 1::2].to(torch.float64)  # (..., T, d/2) second of each pair
    out_even = x_even * cos - x_odd * sin  # (..., T, d/2)
    out_odd = x_even * sin + x_odd * cos  # (..., T, d/2)
    out = torch.stack((out_even, out_odd), dim=-1).flatten(-2)  # (..., T, d) pairs back in place
    return out.to(x.dtype)
