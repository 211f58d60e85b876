# seqprep-task: positional-encoding
"""Wrong: assumes d_model is even: for an odd d_model > 1 the cosine assignment has one column too
many and raises (d_model = 1 slips through: its cosine slice is empty and broadcasting fills it)."""
# expect-fail: odd d_model
import torch


def sinusoidal_positional_encoding(max_len, d_model):
    pos = torch.arange(max_len, dtype=torch.float64)[:, None]
    angle = pos * 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    pe = torch.zeros(max_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe
