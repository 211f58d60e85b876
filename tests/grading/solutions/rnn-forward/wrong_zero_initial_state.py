# seqprep-task: rnn-forward
"""Wrong: starts from zeros and ignores the h0 it was given."""
# expect-fail: h0 is used
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    h_t = torch.zeros_like(h0)
    states = []
    for t in range(x.shape[1]):
        h_t = torch.tanh(x[:, t] @ W_xh.T + h_t @ W_hh.T + b_h)
        states.append(h_t)
    return torch.stack(states, dim=1), h_t
