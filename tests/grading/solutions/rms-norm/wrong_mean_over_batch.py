# seqprep-task: rms-norm
"""Wrong: averages the squares over every element of x, not per row."""
# expect-fail: matches nn.RMSNorm on [B, T, d] (float64)
import torch


def rms_norm(x, weight, eps=1e-6):
    return x * torch.rsqrt(x.pow(2).mean() + eps) * weight
