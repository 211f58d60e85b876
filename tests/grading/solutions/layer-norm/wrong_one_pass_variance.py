# seqprep-task: layer-norm
"""Wrong: var = E[x^2] - E[x]^2, which cancels catastrophically when the mean is large next to the spread."""
# expect-fail: float32 rows with a large common offset
import torch


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(-1, keepdim=True)
    var = (x * x).mean(-1, keepdim=True) - mean * mean
    return (x - mean) / torch.sqrt(var.clamp_min(0) + eps) * weight + bias
