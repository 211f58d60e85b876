# seqprep-task: gru-cell
"""Wrong: multiplies by W_hh without the transpose, reshaped to fit: h_prev @ W_hh.reshape(h, 3h)."""
# expect-fail: matches nn.GRUCell when d == h
import torch


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    h = h_prev.shape[-1]
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=-1)
    b_r, b_z, b_n = (h_prev @ W_hh.reshape(h, 3 * h) + b_hh).chunk(3, dim=-1)
    r = torch.sigmoid(a_r + b_r)
    z = torch.sigmoid(a_z + b_z)
    n = torch.tanh(a_n + r * b_n)
    return (1 - z) * n + z * h_prev
