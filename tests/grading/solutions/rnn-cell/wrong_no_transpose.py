# seqprep-task: rnn-cell
"""Wrong: multiplies by W_xh and W_hh without transposing them (a shape error when d != h,
wrong values when d == h because W_hh is not symmetric)."""
# expect-fail: matches the reference, d != h
# expect-fail: matches the reference when d == h
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    return torch.tanh(x_t @ W_xh + h_prev @ W_hh + b_h)
