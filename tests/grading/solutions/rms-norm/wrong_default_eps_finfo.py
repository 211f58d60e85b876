# seqprep-task: rms-norm
"""Wrong: with eps left out uses the dtype's machine epsilon (nn.RMSNorm's eps=None), not 1e-6."""
# expect-fail: the default eps is 1e-6
import torch


def rms_norm(x, weight, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight
