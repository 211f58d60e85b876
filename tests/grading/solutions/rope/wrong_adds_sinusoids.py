# seqprep-task: rope
"""Wrong: adds a sinusoidal table of the same angles instead of rotating (absolute, not relative, positions)."""
# expect-fail: q_m · k_n depends on m - n only
import torch


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions.double()[:, None] * theta
    pe = torch.stack((angles.sin(), angles.cos()), dim=-1).flatten(-2)  # (T, d)
    return (x.double() + pe).to(x.dtype)
