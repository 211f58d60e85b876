# seqprep-task: rope
"""Wrong: theta_i = base^(-i/d), missing the factor 2 (the pair index used as if it counted features)."""
# expect-fail: frequencies theta_i = base^(-2i/d)
import torch


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-torch.arange(d // 2, dtype=torch.float64) / d)
    angles = positions.double()[:, None] * theta
    cos, sin = angles.cos(), angles.sin()
    x1, x2 = x[..., 0::2].double(), x[..., 1::2].double()
    return torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1).flatten(-2).to(x.dtype)
