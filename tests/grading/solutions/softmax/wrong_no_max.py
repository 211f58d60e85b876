# seqprep-task: softmax
"""Wrong: exp without subtracting the max overflows for large inputs."""
# expect-fail: stable for large inputs
import torch


def softmax(x, dim=-1):
    e = torch.exp(x)
    return e / e.sum(dim=dim, keepdim=True)
