# seqprep-task: layer-norm
"""Wrong: takes the statistics over dim 0 (across the batch, as BatchNorm does)."""
# expect-fail: matches nn.LayerNorm on [B, T, d] (float64)
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(0, keepdim=True)
    var = (x - mean).pow(2).mean(0, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * weight + bias
