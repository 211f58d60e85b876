# seqprep-task: rnn-forward
"""Wrong: returns the initial state h0 as h_T."""
# expect-fail: h_T equals the last step of H
# expect-fail: gradients through h_T
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    h_t = h0
    states = []
    for t in range(x.shape[1]):
        h_t = torch.tanh(x[:, t] @ W_xh.T + h_t @ W_hh.T + b_h)
        states.append(h_t)
    return torch.stack(states, dim=1), h0
