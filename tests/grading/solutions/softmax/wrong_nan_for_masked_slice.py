# seqprep-task: softmax
"""Wrong: a textbook stable softmax, right everywhere except on a slice that is all -inf, where
x - max is -inf - (-inf) = NaN (a query whose keys are all masked gets NaN weights)."""
# expect-fail: a slice that is all -inf gives zeros
import torch


def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
