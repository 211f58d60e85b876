# seqprep-task: layer-norm
"""Wrong: detaches the mean and variance "because they are just statistics", so dL/dx is wrong."""
# expect-fail: gradients match nn.LayerNorm
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(-1, keepdim=True).detach()
    var = (x - mean).pow(2).mean(-1, keepdim=True).detach()
    return (x - mean) / torch.sqrt(var + eps) * weight + bias
