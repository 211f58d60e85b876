# seqprep-task: rnn-cell
"""Wrong: a feed-forward layer: h_prev is never used."""
# expect-fail: h_prev is used
# expect-fail: matches the reference, d != h (float64)
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    return torch.tanh(x_t @ W_xh.T + b_h)
