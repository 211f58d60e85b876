# seqprep-task: rnn-forward
"""A valid alternative: work time-major internally ([T, B, d]), fill a preallocated tensor, and
transpose back at the end."""
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    x_tm = x.transpose(0, 1)  # (T, B, d)
    T, B, _ = x_tm.shape
    H_tm = x.new_empty(T, B, h0.shape[1])  # (T, B, h)
    h_t = h0
    for t in range(T):
        h_t = torch.tanh(torch.addmm(b_h, x_tm[t], W_xh.t()) + torch.mm(h_t, W_hh.t()))
        H_tm[t] = h_t
    return H_tm.transpose(0, 1), h_t
