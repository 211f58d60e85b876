# seqprep-task: rope
"""Wrong: view_as_complex straight on x.reshape(...), which needs a last dimension of stride 1 and so
fails on a transposed input (Meta's code calls .float(), which happens to copy)."""
# expect-fail: a non-contiguous float32 input
import torch


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions.double()[:, None] * theta
    complex_dtype = torch.complex128 if x.dtype == torch.float64 else torch.complex64
    rotation = torch.polar(torch.ones_like(angles), angles).to(complex_dtype)
    z = torch.view_as_complex(x.reshape(*x.shape[:-1], d // 2, 2))
    return torch.view_as_real(z * rotation).reshape(x.shape)
