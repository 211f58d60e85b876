# seqprep-task: rope
"""A valid alternative: cos and sin tables repeated per feature, and the pair partner (-x[2i+1], x[2i])."""
import math

import torch


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = torch.tensor([math.pow(base, -2 * i / d) for i in range(d // 2)], dtype=torch.float64)
    angles = (positions.double()[:, None] * theta).repeat_interleave(2, dim=-1)  # (T, d): each angle twice
    partner = torch.stack((-x[..., 1::2], x[..., 0::2]), dim=-1).reshape(x.shape)  # (-x1, x0, -x3, x2, ...)
    return (x.double() * angles.cos() + partner.double() * angles.sin()).to(x.dtype)
