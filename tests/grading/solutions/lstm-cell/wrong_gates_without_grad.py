# seqprep-task: lstm-cell
"""Wrong: computes the gates under torch.no_grad() "for speed", so no gradient reaches the weights."""
# expect-fail: gradients of h_t and c_t
import torch


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    with torch.no_grad():
        gates = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    i, f, g, o = gates.chunk(4, dim=-1)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_t), c_t
