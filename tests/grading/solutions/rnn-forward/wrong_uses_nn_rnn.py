# seqprep-task: rnn-forward
"""Wrong: copies the weights into torch.nn.RNN, which this task forbids."""
# expect-fail: no forbidden API
import torch


def rnn_forward(x, h0, W_xh, W_hh, b_h):
    h, d = W_xh.shape
    rnn = torch.nn.RNN(d, h, batch_first=True, dtype=x.dtype)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(W_xh)
        rnn.weight_hh_l0.copy_(W_hh)
        rnn.bias_ih_l0.copy_(b_h)
        rnn.bias_hh_l0.zero_()
    H, h_n = rnn(x, h0.unsqueeze(0))
    return H, h_n[0]
