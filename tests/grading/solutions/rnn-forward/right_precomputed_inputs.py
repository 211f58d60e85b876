# seqprep-task: rnn-forward
"""A valid alternative: the input projections of all steps in one einsum (they do not depend on the
state), so the loop only does the recurrent product."""
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    xw = torch.einsum("btd,hd->bth", x, W_xh) + b_h  # (B, T, h)
    h_t = h0
    states = []
    for t in range(x.shape[1]):
        h_t = torch.tanh(xw[:, t] + h_t @ W_hh.T)  # (B, h)
        states.append(h_t)
    H = torch.stack(states, dim=1)  # (B, T, h)
    return H, H[:, -1]
