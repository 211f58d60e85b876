# seqprep-task: softmax
"""The reference: subtract the max along dim, exponentiate, normalise."""
import torch


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    shifted = x - x.amax(dim=dim, keepdim=True)
    shifted = torch.nan_to_num(shifted, nan=float("-inf"))  # a row of -inf stays -inf
    e = torch.exp(shifted)
    return e / e.sum(dim=dim, keepdim=True)
