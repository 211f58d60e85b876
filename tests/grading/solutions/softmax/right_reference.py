# seqprep-task: softmax
"""The reference: subtract the max along dim, exponentiate, normalise; a slice that is all -inf
is shifted by 0 and divided by 1, so it gives zeros instead of 0/0."""
import torch


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    m = x.amax(dim=dim, keepdim=True)  # the max along dim, kept as an axis of size 1
    m = torch.where(torch.isneginf(m), torch.zeros_like(m), m)  # an all -inf slice: shift by 0
    e = torch.exp(x - m)
    total = e.sum(dim=dim, keepdim=True)
    return e / torch.where(total == 0, torch.ones_like(total), total)  # 0 / 1 = 0 for an all -inf slice
