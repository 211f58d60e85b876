# seqprep-task: lstm-cell
"""Wrong: couples input and forget gates, c_t = f * c_prev + (1 - f) * g (a GRU-style shortcut)."""
# expect-fail: matches nn.LSTMCell when d == h
import torch


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    gates = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    _, f, g, o = gates.chunk(4, dim=-1)
    f = torch.sigmoid(f)
    c_t = f * c_prev + (1 - f) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_t), c_t
