# seqprep-task: rnn-bptt
"""Wrong: forgets the tanh derivative (1 - h_t^2): da_t = dh_t."""
# expect-fail: dW_xh matches
# expect-fail: db_h matches
# expect-fail: dx matches
import numpy as np


def rnn_backward(x, h0, W_xh, W_hh, b_h, dH):
    B, T, _ = x.shape
    H = np.empty((B, T, h0.shape[1]))
    h_t = h0
    for t in range(T):
        h_t = np.tanh(x[:, t] @ W_xh.T + h_t @ W_hh.T + b_h)
        H[:, t] = h_t
    dW_xh, dW_hh, db_h, dx = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h), np.zeros_like(x)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = H[:, t - 1] if t > 0 else h0
        da = dH[:, t] + dh_next
        dW_xh += da.T @ x[:, t]
        dW_hh += da.T @ h_prev
        db_h += da.sum(axis=0)
        dx[:, t] = da @ W_xh
        dh_next = da @ W_hh
    return {"dW_xh": dW_xh, "dW_hh": dW_hh, "db_h": db_h, "dh0": dh_next, "dx": dx}
