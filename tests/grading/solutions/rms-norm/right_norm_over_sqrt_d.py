# seqprep-task: rms-norm
"""A valid alternative: the RMS from the vector norm, ||x|| / sqrt(d), with eps kept inside the root."""
import math

import torch


def rms_norm(x, weight, eps=1e-6):
    d = x.shape[-1]
    norm = torch.linalg.vector_norm(x, dim=-1, keepdim=True)
    return weight * x / torch.sqrt(norm * norm / d + eps)
