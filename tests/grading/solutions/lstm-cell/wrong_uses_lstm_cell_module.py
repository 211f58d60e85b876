# seqprep-task: lstm-cell
"""Wrong: hands the step to torch.nn.LSTMCell, which this task forbids."""
# expect-fail: no forbidden API
import torch


def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    cell = torch.nn.LSTMCell(W_ih.shape[1], W_hh.shape[1], dtype=x_t.dtype)
    with torch.no_grad():
        cell.weight_ih.copy_(W_ih)
        cell.weight_hh.copy_(W_hh)
        cell.bias_ih.copy_(b_ih)
        cell.bias_hh.copy_(b_hh)
    return cell(x_t, (h_prev, c_prev))
