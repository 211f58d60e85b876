# seqprep-task: rope
"""Wrong: computes in float64 and forgets to cast back, so float32 inputs come back as float64."""
# expect-fail: matches the reference on [B, H, T, d] (float32)
import torch


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions.double()[:, None] * theta
    cos, sin = angles.cos(), angles.sin()
    x1, x2 = x[..., 0::2].double(), x[..., 1::2].double()
    return torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1).flatten(-2)
