# seqprep-task: lstm-cell
"""Wrong: returns (c_t, h_t), the reverse of the order asked for."""
# expect-fail: a batch of one
import torch


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    gates = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    i, f, g, o = gates.chunk(4, dim=-1)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    return c_t, torch.sigmoid(o) * torch.tanh(c_t)
