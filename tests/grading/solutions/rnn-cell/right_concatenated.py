# seqprep-task: rnn-cell
"""A valid alternative: one product with the stacked weights [W_xh | W_hh] and the input [x_t | h_prev]."""
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    W = torch.cat([W_xh, W_hh], dim=1)  # (h, d + h)
    z = torch.cat([x_t, h_prev], dim=1)  # (B, d + h)
    return torch.tanh(torch.addmm(b_h, z, W.T))  # (B, h)
