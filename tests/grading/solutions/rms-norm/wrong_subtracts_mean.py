# seqprep-task: rms-norm
"""Wrong: centers x first, which makes it LayerNorm without a bias."""
# expect-fail: rows with a non-zero mean
import torch


def rms_norm(x, weight, eps=1e-6):
    x = x - x.mean(-1, keepdim=True)
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight
