# seqprep-task: layer-norm
"""Wrong: drops keepdim and re-adds the axis only for 2-D inputs."""
# expect-fail: matches nn.LayerNorm on [B, T, d] (float64)
# expect-fail: any leading dimensions: 4-D
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(-1)
    if x.dim() == 2:
        mean = mean[:, None]
    var = (x - mean).pow(2).mean(-1)
    if x.dim() == 2:
        var = var[:, None]
    return (x - mean) / torch.sqrt(var + eps) * weight + bias
