# seqprep-task: softmax
"""Wrong: subtracts the max in place and so changes the caller's tensor."""
# expect-fail: does not modify its input
import torch


def softmax(x, dim=-1):
    with torch.no_grad():
        x -= x.amax(dim=dim, keepdim=True)
    e = torch.exp(x)
    return e / e.sum(dim=dim, keepdim=True)
