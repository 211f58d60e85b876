# seqprep-task: rms-norm
"""The reference: divide by the root of the mean square plus eps, then scale."""
import torch


def rms_norm(x, weight, eps=1e-6):
    mean_square = x.pow(2).mean(dim=-1, keepdim=True)  # (..., 1)
    return x * torch.rsqrt(mean_square + eps) * weight  # (..., d)
