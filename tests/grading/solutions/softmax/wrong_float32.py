# seqprep-task: softmax
"""Wrong: computes in float32 and returns float32 for a float64 input."""
# expect-fail: dim 0 (float64)
import torch


def softmax(x, dim=-1):
    x = x.float()
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
