# seqprep-task: rnn-cell
"""Wrong: hands the step to torch.nn.RNNCell, which this task forbids."""
# expect-fail: no forbidden API
import torch


def rnn_cell(x_t, h_prev, W_xh, W_hh, b_h):
    cell = torch.nn.RNNCell(W_xh.shape[1], W_xh.shape[0], dtype=x_t.dtype)
    with torch.no_grad():
        cell.weight_ih.copy_(W_xh)
        cell.weight_hh.copy_(W_hh)
        cell.bias_ih.copy_(b_h)
        cell.bias_hh.zero_()
    return cell(x_t, h_prev)
