# seqprep-task: rnn-cell
"""Wrong: forgets the bias b_h."""
# expect-fail: matches the reference, d != h (float32)
# expect-fail: matches the reference, d != h (float64)
# expect-fail: gradients
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    return torch.tanh(x_t @ W_xh.T + h_prev @ W_hh.T)
