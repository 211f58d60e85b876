# seqprep-task: lstm-cell
"""Wrong: splits the gates by reshaping to (B, h, 4), which interleaves them instead of taking blocks of h columns."""
# expect-fail: gate order i, f, g, o
# expect-fail: matches nn.LSTMCell, d != h (float64)
import torch


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    gates = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    i, f, g, o = gates.view(gates.shape[0], -1, 4).unbind(-1)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_t), c_t
