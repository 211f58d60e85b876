# seqprep-task: softmax
"""Wrong: flattens the rows with .view(), which needs a contiguous tensor: a transposed input
raises ("view size is not compatible with input tensor's size and stride")."""
# expect-fail: the last dim (float32, transposed input)
import torch


def softmax(x, dim=-1):
    if dim not in (-1, x.dim() - 1):
        return softmax(x.transpose(dim, -1).contiguous(), -1).transpose(dim, -1)
    flat = x.view(-1, x.shape[-1])  # (rows, n)
    m = flat.amax(dim=-1, keepdim=True)
    m = torch.where(torch.isneginf(m), torch.zeros_like(m), m)
    e = torch.exp(flat - m)
    total = e.sum(dim=-1, keepdim=True)
    return (e / torch.where(total == 0, torch.ones_like(total), total)).view(x.shape)
