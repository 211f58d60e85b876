# seqprep-task: rnn-forward
"""Wrong: reads the sequence backwards (from the last step to the first), so early states see
future inputs."""
# expect-fail: causal
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    h_t = h0
    states = []
    for t in reversed(range(x.shape[1])):
        h_t = torch.tanh(x[:, t] @ W_xh.T + h_t @ W_hh.T + b_h)
        states.append(h_t)
    return torch.stack(states[::-1], dim=1), h_t
