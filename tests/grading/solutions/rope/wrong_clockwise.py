# seqprep-task: rope
"""Wrong: rotates by -m theta (the sine terms' signs swapped). Relative positions still hold, the values do not."""
# expect-fail: the rotation is counter-clockwise
import torch


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions.double()[:, None] * theta
    cos, sin = angles.cos(), angles.sin()
    x1, x2 = x[..., 0::2].double(), x[..., 1::2].double()
    return torch.stack((x1 * cos + x2 * sin, -x1 * sin + x2 * cos), dim=-1).flatten(-2).to(x.dtype)
