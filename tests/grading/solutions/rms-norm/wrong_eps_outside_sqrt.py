# seqprep-task: rms-norm
"""Wrong: divides by rms + eps instead of sqrt(mean square + eps)."""
# expect-fail: eps is used as given
# expect-fail: the default eps is 1e-6
import torch


def rms_norm(x, weight, eps=1e-6):
    rms = x.pow(2).mean(-1, keepdim=True).sqrt()
    return x / (rms + eps) * weight
