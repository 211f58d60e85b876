# seqprep-task: gru-cell
"""Wrong: the paper's form, the reset gate applied to h_prev before the matrix product."""
# expect-fail: the reset gate multiplies h_prev W_hn^T + b_hn
import torch


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    h = h_prev.shape[-1]
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=-1)
    b_r, b_z, _ = (h_prev @ W_hh.T + b_hh).chunk(3, dim=-1)
    r = torch.sigmoid(a_r + b_r)
    z = torch.sigmoid(a_z + b_z)
    n = torch.tanh(a_n + (r * h_prev) @ W_hh[2 * h:].T + b_hh[2 * h:])
    return (1 - z) * n + z * h_prev
