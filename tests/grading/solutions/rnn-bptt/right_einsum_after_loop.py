# seqprep-task: rnn-bptt
"""A valid alternative: the backward loop only finds da_t for every step; the weight gradients are
then one einsum each over (batch, time), with the previous states as H shifted by one."""
import numpy as np


def rnn_backward(x, h0, W_xh, W_hh, b_h, dH):
    T = x.shape[1]
    states = [h0]
    for t in range(T):
        states.append(np.tanh(x[:, t] @ W_xh.T + states[-1] @ W_hh.T + b_h))
    S = np.stack(states, axis=1)  # (B, T + 1, h): h_0 .. h_T
    H, H_prev = S[:, 1:], S[:, :-1]  # (B, T, h) each
    dA = np.zeros_like(H)  # (B, T, h)
    carry = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dA[:, t] = (dH[:, t] + carry) * (1.0 - H[:, t] * H[:, t])
        carry = dA[:, t] @ W_hh
    return {
        "dx": np.einsum("bth,hd->btd", dA, W_xh),
        "dh0": carry,
        "dW_xh": np.einsum("bth,btd->hd", dA, x),
        "dW_hh": np.einsum("bth,btk->hk", dA, H_prev),
        "db_h": dA.sum(axis=(0, 1)),
    }
