# seqprep-task: positional-encoding
"""Wrong: each column j uses 10000^(j/d_model), so a cosine column does not share its sine's
frequency."""
# expect-fail: matches the formula (even d_model)
import torch


def sinusoidal_positional_encoding(max_len, d_model):
    pos = torch.arange(max_len, dtype=torch.float64)[:, None]
    j = torch.arange(d_model, dtype=torch.float64)
    angle = pos / 10000.0 ** (j / d_model)  # (max_len, d_model)
    pe = angle.clone()
    pe[:, 0::2] = torch.sin(angle[:, 0::2])
    pe[:, 1::2] = torch.cos(angle[:, 1::2])
    return pe
