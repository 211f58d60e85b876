# seqprep-task: softmax
"""Wrong: sums along the right dim but re-adds the reduced axis only when dim is the last one, so
for another dim the division broadcasts against the wrong axes (or only by luck of equal sizes)."""
# expect-fail: a middle dim of a 4-D tensor
import torch


def softmax(x, dim=-1):
    last = dim in (-1, x.dim() - 1)
    m = x.amax(dim=dim, keepdim=last)
    m = torch.where(torch.isneginf(m), torch.zeros_like(m), m)
    e = torch.exp(x - m)
    total = e.sum(dim=dim, keepdim=last)
    return e / torch.where(total == 0, torch.ones_like(total), total)
