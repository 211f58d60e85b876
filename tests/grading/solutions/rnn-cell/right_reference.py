# seqprep-task: rnn-cell
"""The reference: two matrix products against the transposed weights, plus the bias, then tanh."""
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    a_t = x_t @ W_xh.T + h_prev @ W_hh.T + b_h  # (B, h)
    return torch.tanh(a_t)  # (B, h)
