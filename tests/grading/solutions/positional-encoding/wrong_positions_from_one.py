# seqprep-task: positional-encoding
"""Wrong: positions run 1..max_len instead of 0..max_len-1."""
# expect-fail: matches the formula (even d_model)
# expect-fail: max_len = 1
import torch


def sinusoidal_positional_encoding(max_len, d_model):
    pos = torch.arange(1, max_len + 1, dtype=torch.float64)[:, None]
    angle = pos * 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    pe = torch.empty(max_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d_model // 2])
    return pe
