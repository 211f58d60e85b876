"""Sinusoidal positional encoding (Vaswani et al., 2017).

    PE[pos, 2i]   = sin(pos / 10000^(2i / d_model))
    PE[pos, 2i+1] = cos(pos / 10000^(2i / d_model))

Column pair i turns at angular frequency w_i = 10000^(-2i/d_model): from one
turn per 2*pi positions (i = 0) down to one per 2*pi*10000. With d_model = 4:
    PE[0] = [0, 1, 0, 1]
    PE[1] = [sin 1, cos 1, sin 0.01, cos 0.01] = [0.841, 0.540, 0.010, 1.000]
    PE[2] = [sin 2, cos 2, sin 0.02, cos 0.02] = [0.909, -0.416, 0.020, 1.000]
With an odd d_model the last column is the sine of one more pair, with no
cosine partner.

Because sin(a + b) and cos(a + b) are fixed linear mixes of sin a and cos a,
PE[pos + k] = R(k) PE[pos] with R(k) block-diagonal 2x2 rotations that depend
on the offset k only: relative positions are a linear function of absolute ones.
"""

from __future__ import annotations

import torch


def _frequencies(d_model: int, device=None) -> torch.Tensor:
    """w_i = 10000^(-2i/d_model) for each column pair, in float64: (ceil(d_model / 2),)."""
    pair_start = torch.arange(0, d_model, 2, dtype=torch.float64, device=device)  # 0, 2, 4, ...
    return 10000.0 ** (-pair_start / d_model)  # (ceil(d/2),)


def sinusoidal_positional_encoding(
    max_len: int, d_model: int, device: torch.device | str | None = None, dtype: torch.dtype = torch.float32
) -> torch.Tensor:
    """The [max_len, d_model] table; angles are computed in float64, then cast to dtype.

    `sinusoidal_positional_encoding(3, 2)` -> [[0, 1], [0.841, 0.540], [0.909, -0.416]].
    """
    if max_len < 0 or d_model < 1:
        raise ValueError(f"need max_len >= 0 and d_model >= 1, got {max_len}, {d_model}")
    pos = torch.arange(max_len, dtype=torch.float64, device=device)[:, None]  # (max_len, 1)
    angle = pos * _frequencies(d_model, device)[None, :]  # (max_len, ceil(d/2))
    pe = torch.empty(max_len, d_model, dtype=torch.float64, device=device)  # (max_len, d_model)
    pe[:, 0::2] = torch.sin(angle)  # even columns, ceil(d/2) of them
    pe[:, 1::2] = torch.cos(angle[:, : d_model // 2])  # odd columns, floor(d/2) of them
    return pe.to(dtype)


def rotation_matrix(k: int, d_model: int, device=None, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """R(k), block-diagonal [2m, 2m] with m = d_model // 2, such that PE[pos + k] = R(k) PE[pos]
    on the paired columns. Each block, for angle b = k * w_i, maps (sin a, cos a) to
    (sin(a+b), cos(a+b)):  [[cos b, sin b], [-sin b, cos b]]."""
    m = d_model // 2
    b = k * _frequencies(d_model, device)[:m]  # (m,)
    cos_b, sin_b = torch.cos(b), torch.sin(b)
    R = torch.zeros(2 * m, 2 * m, dtype=torch.float64, device=device)  # (2m, 2m)
    idx = torch.arange(m, device=device)
    R[2 * idx, 2 * idx] = cos_b  # sin(a+b) = cos b * sin a + sin b * cos a
    R[2 * idx, 2 * idx + 1] = sin_b
    R[2 * idx + 1, 2 * idx] = -sin_b  # cos(a+b) = -sin b * sin a + cos b * cos a
    R[2 * idx + 1, 2 * idx + 1] = cos_b
    return R.to(dtype)


def shift_as_rotation(pos: int | list[int], k: int, d_model: int) -> float:
    """max |PE[pos + k] - R(k) PE[pos]| over the given positions, in float64 (~1e-15).

    The same R(k) is used for every pos, which is the point: the shift by k
    does not depend on where you start. With an odd d_model the last, unpaired
    sine column is left out (it has no cosine to rotate with).
    """
    positions = [pos] if isinstance(pos, int) else list(pos)
    m2 = 2 * (d_model // 2)
    if m2 == 0:
        return 0.0  # d_model = 1: a single sine column, nothing to rotate
    pe = sinusoidal_positional_encoding(max(positions) + k + 1, d_model, dtype=torch.float64)  # (L, d)
    R = rotation_matrix(k, d_model)  # (m2, m2)
    idx = torch.tensor(positions)
    shifted = pe[idx + k, :m2]  # (P, m2)
    rotated = pe[idx, :m2] @ R.T  # (P, m2)
    return (shifted - rotated).abs().max().item()


def pe_heatmap_data(max_len: int, d_model: int) -> list[list[float]]:
    """The table as nested lists (rows = positions), ready for an imshow figure."""
    return sinusoidal_positional_encoding(max_len, d_model, dtype=torch.float64).tolist()
