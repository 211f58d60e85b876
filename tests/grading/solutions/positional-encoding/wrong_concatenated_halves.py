# seqprep-task: positional-encoding
"""Wrong: all sines in the first half and all cosines in the second, instead of alternating columns."""
# expect-fail: matches the formula (even d_model)
# expect-fail: max_len = 1
import torch


def sinusoidal_positional_encoding(max_len, d_model):
    pos = torch.arange(max_len, dtype=torch.float64)[:, None]
    angle = pos * 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    return torch.cat([torch.sin(angle), torch.cos(angle[:, : d_model // 2])], dim=1)
