# seqprep-task: gru-cell
"""Wrong: reads the blocks as z, r, n (the order the equations are often written in)."""
# expect-fail: gate order r, z, n
import torch


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    a_z, a_r, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=-1)
    b_z, b_r, b_n = (h_prev @ W_hh.T + b_hh).chunk(3, dim=-1)
    r = torch.sigmoid(a_r + b_r)
    z = torch.sigmoid(a_z + b_z)
    n = torch.tanh(a_n + r * b_n)
    return (1 - z) * n + z * h_prev
