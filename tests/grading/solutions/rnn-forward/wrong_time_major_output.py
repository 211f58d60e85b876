# seqprep-task: rnn-forward
"""Wrong: time and batch axes confused: H is stacked along dim 0, so it comes out [T, B, h]."""
# expect-fail: matches the reference (float32)
# expect-fail: matches the reference (float64)
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    h_t = h0
    states = []
    for t in range(x.shape[1]):
        h_t = torch.tanh(x[:, t] @ W_xh.T + h_t @ W_hh.T + b_h)
        states.append(h_t)
    return torch.stack(states), h_t
