# seqprep-task: softmax
"""Wrong: one max for the whole tensor; rows far below it underflow to 0/0."""
# expect-fail: stable for large inputs
import torch


def softmax(x, dim=-1):
    e = torch.exp(x - x.max())
    return e / e.sum(dim=dim, keepdim=True)
