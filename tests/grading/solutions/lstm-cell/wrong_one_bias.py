# seqprep-task: lstm-cell
"""Wrong: uses only b_ih, as if torch had one bias per gate."""
# expect-fail: matches nn.LSTMCell, d != h (float64)
# expect-fail: gate order i, f, g, o
import torch


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    gates = x_t @ W_ih.T + h_prev @ W_hh.T + b_ih
    i, f, g, o = gates.chunk(4, dim=-1)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_t), c_t
