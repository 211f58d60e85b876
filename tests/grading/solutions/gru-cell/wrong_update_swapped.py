# seqprep-task: gru-cell
"""Wrong: h_t = z * n + (1 - z) * h_prev, the other convention for z (the paper's), not torch's."""
# expect-fail: update gate z = 1 keeps h_prev
# expect-fail: update gate z = 0 takes the candidate
import torch


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=-1)
    b_r, b_z, b_n = (h_prev @ W_hh.T + b_hh).chunk(3, dim=-1)
    r = torch.sigmoid(a_r + b_r)
    z = torch.sigmoid(a_z + b_z)
    n = torch.tanh(a_n + r * b_n)
    return z * n + (1 - z) * h_prev
