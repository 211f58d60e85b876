# seqprep-task: layer-norm
"""Wrong: flattens the leading dimensions with .view(-1, d), which fails on a non-contiguous input."""
# expect-fail: a non-contiguous input
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    rows = x.view(-1, x.shape[-1])
    centered = rows - rows.mean(dim=1, keepdim=True)
    var = centered.pow(2).mean(dim=1, keepdim=True)
    y = centered / torch.sqrt(var + eps) * weight + bias
    return y.view(x.shape)
