# seqprep-task: layer-norm
"""Wrong: hard-codes eps = 1e-5 and ignores the argument."""
# expect-fail: eps is used as given
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(-1, keepdim=True)
    var = (x - mean).pow(2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + 1e-5) * weight + bias
