# seqprep-task: layer-norm
"""Wrong: divides by std + eps instead of sqrt(var + eps)."""
# expect-fail: eps is used as given
# expect-fail: the default eps is 1e-5
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(-1, keepdim=True)
    std = (x - mean).pow(2).mean(-1, keepdim=True).sqrt()
    return (x - mean) / (std + eps) * weight + bias
