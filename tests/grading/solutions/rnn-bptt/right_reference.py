# seqprep-task: rnn-bptt
"""The reference: recompute the forward pass, then walk back in time carrying da_{t+1} W_hh."""
import numpy as np


def rnn_backward(x, h0, W_xh, W_hh, b_h, dH):
    B, T, _ = x.shape
    H = np.empty((B, T, h0.shape[1]))  # (B, T, h)
    h_t = h0
    for t in range(T):
        h_t = np.tanh(x[:, t] @ W_xh.T + h_t @ W_hh.T + b_h)  # (B, h)
        H[:, t] = h_t
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h)
    dx = np.zeros_like(x)
    dh_next = np.zeros_like(h0)  # (B, h) da_{t+1} W_hh, zero after the last step
    for t in reversed(range(T)):
        h_prev = H[:, t - 1] if t > 0 else h0  # (B, h)
        da = (dH[:, t] + dh_next) * (1 - H[:, t] ** 2)  # (B, h)
        dW_xh += da.T @ x[:, t]  # (h, d)
        dW_hh += da.T @ h_prev  # (h, h)
        db_h += da.sum(axis=0)  # (h,)
        dx[:, t] = da @ W_xh  # (B, d)
        dh_next = da @ W_hh  # (B, h)
    return {"dW_xh": dW_xh, "dW_hh": dW_hh, "db_h": db_h, "dh0": dh_next, "dx": dx}
