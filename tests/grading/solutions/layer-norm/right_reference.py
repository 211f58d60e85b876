# seqprep-task: layer-norm
"""The reference: center, biased variance of the deviations, eps inside the root, then the affine map."""
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    centered = x - x.mean(dim=-1, keepdim=True)  # (..., d)
    var = centered.pow(2).mean(dim=-1, keepdim=True)  # (..., 1)
    return centered / torch.sqrt(var + eps) * weight + bias  # (..., d)
