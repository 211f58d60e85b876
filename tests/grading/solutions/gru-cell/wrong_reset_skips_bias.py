# seqprep-task: gru-cell
"""Wrong: the reset gate scales h_prev W_hn^T but not b_hn (the biases summed up front, as for the other gates)."""
# expect-fail: the reset gate multiplies h_prev W_hn^T + b_hn
import torch


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih + b_hh).chunk(3, dim=-1)
    b_r, b_z, b_n = (h_prev @ W_hh.T).chunk(3, dim=-1)
    r = torch.sigmoid(a_r + b_r)
    z = torch.sigmoid(a_z + b_z)
    n = torch.tanh(a_n + r * b_n)
    return (1 - z) * n + z * h_prev
