# seqprep-task: softmax
"""Wrong: always normalises over the last dimension, whatever dim says."""
# expect-fail: values along dim sum to 1
import torch


def softmax(x, dim=-1):
    shifted = x - x.amax(dim=-1, keepdim=True)
    e = torch.exp(shifted)
    return e / e.sum(dim=-1, keepdim=True)
