# seqprep-task: gru-cell
"""The reference: the input and recurrent products once each, split into r, z, n; r scales the recurrent n part."""
import torch


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=-1)  # 3 x (B, h)
    b_r, b_z, b_n = (h_prev @ W_hh.T + b_hh).chunk(3, dim=-1)  # 3 x (B, h)
    r = torch.sigmoid(a_r + b_r)
    z = torch.sigmoid(a_z + b_z)
    n = torch.tanh(a_n + r * b_n)
    return (1 - z) * n + z * h_prev  # (B, h)
