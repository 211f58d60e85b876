# seqprep-task: rnn-cell
"""A valid alternative: F.linear for the input term (it applies W^T itself) and einsum for the state."""
import torch
import torch.nn.functional as F


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    from_input = F.linear(x_t, W_xh, b_h)  # (B, h) = x_t W_xh^T + b_h
    from_state = torch.einsum("bj,ij->bi", h_prev, W_hh)  # (B, h) = h_prev W_hh^T
    return (from_input + from_state).tanh()
