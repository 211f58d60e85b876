# seqprep-task: rnn-cell
"""Wrong: ReLU instead of tanh."""
# expect-fail: matches the reference, d != h (float32)
# expect-fail: matches the reference, d != h (float64)
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    return torch.relu(x_t @ W_xh.T + h_prev @ W_hh.T + b_h)
