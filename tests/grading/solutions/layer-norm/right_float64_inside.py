# seqprep-task: layer-norm
"""A valid alternative: statistics in float64 whatever the input, the result cast back to x's dtype."""
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    x64 = x.double()
    mean = x64.mean(-1, keepdim=True)
    var = ((x64 - mean) ** 2).mean(-1, keepdim=True)
    y = (x64 - mean) / (var + eps).sqrt()
    return (y * weight.double() + bias.double()).to(x.dtype)
