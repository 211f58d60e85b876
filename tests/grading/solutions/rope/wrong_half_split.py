# seqprep-task: rope
"""Wrong: Hugging Face's rotate_half pairing, feature i with i + d/2 (a different function)."""
# expect-fail: pairs are neighbors (2i, 2i+1)
import torch


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions.double()[:, None] * theta
    angles = torch.cat((angles, angles), dim=-1)  # (T, d)
    rotated = torch.cat((-x[..., d // 2:], x[..., :d // 2]), dim=-1)
    return (x * angles.cos() + rotated * angles.sin()).to(x.dtype)
