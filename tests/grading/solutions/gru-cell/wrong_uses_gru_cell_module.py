# seqprep-task: gru-cell
"""Wrong: calls torch's fused GRU cell, which this task forbids."""
# expect-fail: no forbidden API
import torch


def gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    return torch.gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh)
