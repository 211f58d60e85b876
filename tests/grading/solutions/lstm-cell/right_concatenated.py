# seqprep-task: lstm-cell
"""A valid alternative: [x_t, h_prev] against [W_ih, W_hh] side by side, one product, biases summed."""
import torch


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    xh = torch.cat([x_t, h_prev], dim=1)  # (B, d + h)
    W = torch.cat([W_ih, W_hh], dim=1)  # (4h, d + h)
    gates = torch.addmm(b_ih + b_hh, xh, W.t())  # (B, 4h)
    h = h_prev.size(1)
    i = gates[:, :h].sigmoid()
    f = gates[:, h:2 * h].sigmoid()
    g = gates[:, 2 * h:3 * h].tanh()
    o = gates[:, 3 * h:].sigmoid()
    c_t = torch.addcmul(f * c_prev, i, g)
    return o * c_t.tanh(), c_t
