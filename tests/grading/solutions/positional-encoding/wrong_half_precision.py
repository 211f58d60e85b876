# seqprep-task: positional-encoding
"""Wrong: returns a float16 table, too coarse for the 1e-5 tolerance (and not float32/float64)."""
# expect-fail: returns a float32 or float64 torch tensor
# expect-fail: matches the formula (even d_model)
import torch


def sinusoidal_positional_encoding(max_len, d_model):
    pos = torch.arange(max_len, dtype=torch.float64)[:, None]
    angle = pos * 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    pe = torch.empty(max_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d_model // 2])
    return pe.half()
