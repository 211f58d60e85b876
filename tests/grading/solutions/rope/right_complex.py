# seqprep-task: rope
"""A valid alternative: pairs as complex numbers times e^{i m theta} (Meta's LLaMA code)."""
import torch


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = 1.0 / base ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.outer(positions.double(), theta)  # (T, d/2)
    rotation = torch.polar(torch.ones_like(angles), angles)  # (T, d/2) complex128
    z = torch.view_as_complex(x.double().reshape(*x.shape[:-1], d // 2, 2).contiguous())
    return torch.view_as_real(z * rotation).reshape(x.shape).to(x.dtype)
