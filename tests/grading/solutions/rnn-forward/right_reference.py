# seqprep-task: rnn-forward
"""The reference: a loop over time that carries the state, then stack the states along dim 1."""
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    return torch.tanh(x_t @ W_xh.T + h_prev @ W_hh.T + b_h)  # (B, h)


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    B, T, _ = x.shape
    h_t = h0  # (B, h)
    states = []
    for t in range(T):
        h_t = rnn_cell(x[:, t], h_t, W_xh, W_hh, b_h)  # (B, h)
        states.append(h_t)
    H = torch.stack(states, dim=1)  # (B, T, h)
    return H, h_t
