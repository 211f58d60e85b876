# seqprep-task: layer-norm
"""Wrong: x.var(-1) is the unbiased variance (divides by d - 1); LayerNorm divides by d."""
# expect-fail: the variance divides by d
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(-1, keepdim=True)
    var = x.var(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * weight + bias
