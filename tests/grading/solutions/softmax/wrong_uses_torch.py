# seqprep-task: softmax
"""Wrong: calls the library softmax this task asks you to write."""
# expect-fail: no forbidden API
import torch


def softmax(x, dim=-1):
    return x.softmax(dim)
