# seqprep-task: rnn-forward
"""Wrong: every step starts from h0 instead of the previous state."""
# expect-fail: one step at a time
# expect-fail: matches the reference (float64)
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    states = [torch.tanh(x[:, t] @ W_xh.T + h0 @ W_hh.T + b_h) for t in range(x.shape[1])]
    H = torch.stack(states, dim=1)
    return H, H[:, -1]
