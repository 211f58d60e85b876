# seqprep-task: rnn-bptt
"""Wrong: right numbers, but computed in torch by hand and returned as torch tensors."""
# expect-fail: returns float64 NumPy arrays
# expect-fail: dW_xh matches
import torch


def rnn_backward(x, h0, W_xh, W_hh, b_h, dH):
    x, h0, W_xh, W_hh, b_h, dH = (torch.from_numpy(a) for a in (x, h0, W_xh, W_hh, b_h, dH))
    T = x.shape[1]
    states = [h0]
    for t in range(T):
        states.append(torch.tanh(x[:, t] @ W_xh.T + states[-1] @ W_hh.T + b_h))
    dW_xh, dW_hh, db_h, dx = torch.zeros_like(W_xh), torch.zeros_like(W_hh), torch.zeros_like(b_h), torch.zeros_like(x)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(T)):
        da = (dH[:, t] + dh_next) * (1 - states[t + 1] ** 2)
        dW_xh += da.T @ x[:, t]
        dW_hh += da.T @ states[t]
        db_h += da.sum(0)
        dx[:, t] = da @ W_xh
        dh_next = da @ W_hh
    return {"dW_xh": dW_xh, "dW_hh": dW_hh, "db_h": db_h, "dh0": dh_next, "dx": dx}
