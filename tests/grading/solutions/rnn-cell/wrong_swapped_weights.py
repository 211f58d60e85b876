# seqprep-task: rnn-cell
"""Wrong: W_xh and W_hh swapped (W_hh applied to the input, W_xh to the state): a shape error
when d != h, wrong values when d == h."""
# expect-fail: matches the reference, d != h
# expect-fail: matches the reference when d == h
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    return torch.tanh(x_t @ W_hh.T + h_prev @ W_xh.T + b_h)
