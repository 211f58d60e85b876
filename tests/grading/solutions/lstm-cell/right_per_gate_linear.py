# seqprep-task: lstm-cell
"""A valid alternative: each gate with its own slice of rows and F.linear, the way the equations are written."""
import torch
import torch.nn.functional as F


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    h = h_prev.shape[1]

    def gate(k):
        rows = slice(k * h, (k + 1) * h)
        return F.linear(x_t, W_ih[rows], b_ih[rows]) + F.linear(h_prev, W_hh[rows], b_hh[rows])

    i, f, g, o = torch.sigmoid(gate(0)), torch.sigmoid(gate(1)), torch.tanh(gate(2)), torch.sigmoid(gate(3))
    c_t = f * c_prev + i * g
    return o * torch.tanh(c_t), c_t
