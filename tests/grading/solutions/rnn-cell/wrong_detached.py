# seqprep-task: rnn-cell
"""Wrong: computes in NumPy and wraps the result in a new tensor, so no gradient flows back."""
# expect-fail: gradients
import numpy as np
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    a = x_t.detach().numpy() @ W_xh.detach().numpy().T + h_prev.detach().numpy() @ W_hh.detach().numpy().T
    return torch.from_numpy(np.tanh(a + b_h.detach().numpy()))
