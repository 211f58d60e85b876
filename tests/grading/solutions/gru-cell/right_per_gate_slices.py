# seqprep-task: gru-cell
"""A valid alternative: a slice of rows per gate, r and z with the two biases summed, n written out."""
import torch
import torch.nn.functional as F


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    h = h_prev.shape[-1]
    r_, z_, n_ = slice(0, h), slice(h, 2 * h), slice(2 * h, 3 * h)
    r = torch.sigmoid(F.linear(x_t, W_ih[r_]) + F.linear(h_prev, W_hh[r_]) + b_ih[r_] + b_hh[r_])
    z = torch.sigmoid(F.linear(x_t, W_ih[z_]) + F.linear(h_prev, W_hh[z_]) + b_ih[z_] + b_hh[z_])
    n = torch.tanh(F.linear(x_t, W_ih[n_], b_ih[n_]) + r * F.linear(h_prev, W_hh[n_], b_hh[n_]))
    return h_prev + (1 - z) * (n - h_prev)  # = (1 - z) n + z h_prev, an interpolation
