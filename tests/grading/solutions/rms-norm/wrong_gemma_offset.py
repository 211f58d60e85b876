# seqprep-task: rms-norm
"""Wrong: scales by (1 + weight), Gemma's parametrization, not by weight as nn.RMSNorm does."""
# expect-fail: matches nn.RMSNorm on [B, T, d] (float32)
import torch


def rms_norm(x, weight, eps=1e-6):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * (1 + weight)
