# seqprep-task: rnn-forward
"""Wrong: H holds the state before each step (h0, h_1, ..., h_{T-1}), so it starts with h0 and
drops the last step; h_T itself is right."""
# expect-fail: matches the reference (float64)
# expect-fail: h_T equals the last step of H
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    h_t = h0
    states = []
    for t in range(x.shape[1]):
        states.append(h_t)
        h_t = torch.tanh(x[:, t] @ W_xh.T + h_t @ W_hh.T + b_h)
    return torch.stack(states, dim=1), h_t
