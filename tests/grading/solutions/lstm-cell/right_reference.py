# seqprep-task: lstm-cell
"""The reference: one matrix product per input for all four gates, split in torch's order i, f, g, o."""
import torch


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    gates = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh  # (B, 4h)
    i, f, g, o = gates.chunk(4, dim=-1)  # 4 x (B, h)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)  # (B, h)
    h_t = torch.sigmoid(o) * torch.tanh(c_t)  # (B, h)
    return h_t, c_t
