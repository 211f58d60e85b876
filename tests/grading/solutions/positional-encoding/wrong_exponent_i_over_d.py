# seqprep-task: positional-encoding
"""Wrong: the exponent of pair i is i/d_model instead of 2i/d_model (frequencies fall too slowly)."""
# expect-fail: matches the formula (even d_model)
# expect-fail: odd d_model
import torch


def sinusoidal_positional_encoding(max_len, d_model):
    pos = torch.arange(max_len, dtype=torch.float64)[:, None]
    i = torch.arange((d_model + 1) // 2, dtype=torch.float64)
    angle = pos / 10000.0 ** (i / d_model)
    pe = torch.empty(max_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d_model // 2])
    return pe
