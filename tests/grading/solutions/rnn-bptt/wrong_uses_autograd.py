# seqprep-task: rnn-bptt
"""Wrong: lets torch autograd do the backward pass, which this task forbids."""
# expect-fail: no forbidden API
import torch


def rnn_backward(x, h0, W_xh, W_hh, b_h, dH):
    leaves = [torch.from_numpy(a.copy()).requires_grad_(True) for a in (x, h0, W_xh, W_hh, b_h)]
    xt, h_t, Wx, Wh, b = leaves
    states = []
    for t in range(xt.shape[1]):
        h_t = torch.tanh(xt[:, t] @ Wx.T + h_t @ Wh.T + b)
        states.append(h_t)
    H = torch.stack(states, dim=1)
    (H * torch.from_numpy(dH)).sum().backward()
    g = [leaf.grad.numpy() for leaf in leaves]
    return {"dx": g[0], "dh0": g[1], "dW_xh": g[2], "dW_hh": g[3], "db_h": g[4]}
