# seqprep-task: gru-cell
"""Wrong: forgets the reset gate in the candidate, n = tanh(a_n + b_n)."""
# expect-fail: matches nn.GRUCell, d != h (float64)
import torch


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=-1)
    b_r, b_z, b_n = (h_prev @ W_hh.T + b_hh).chunk(3, dim=-1)
    z = torch.sigmoid(a_z + b_z)
    n = torch.tanh(a_n + b_n)
    return (1 - z) * n + z * h_prev
