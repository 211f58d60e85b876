# seqprep-task: positional-encoding
"""A valid alternative: the formula entry by entry with math, returned as a float64 tensor."""
import math

import torch


def sinusoidal_positional_encoding(max_len, d_model):
    rows = []
    for p in range(max_len):
        row = []
        for j in range(d_model):
            angle = p / 10000 ** ((j - j % 2) / d_model)  # 2i = j rounded down to even
            row.append(math.sin(angle) if j % 2 == 0 else math.cos(angle))
        rows.append(row)
    return torch.tensor(rows, dtype=torch.float64).reshape(max_len, d_model)
