# seqprep-task: rms-norm
"""Wrong: sums the squares instead of averaging them (the L2 norm, not the RMS)."""
# expect-fail: matches nn.RMSNorm on [B, T, d] (float64)
import torch


def rms_norm(x, weight, eps=1e-6):
    return x * torch.rsqrt(x.pow(2).sum(-1, keepdim=True) + eps) * weight
