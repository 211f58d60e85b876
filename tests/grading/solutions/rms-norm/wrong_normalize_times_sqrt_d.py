# seqprep-task: rms-norm
"""Wrong: F.normalize(x) * sqrt(d) is x / rms without eps (normalize's own eps is 1e-12)."""
# expect-fail: the default eps is 1e-6
import math

import torch.nn.functional as F


def rms_norm(x, weight, eps=1e-6):
    return F.normalize(x, dim=-1) * math.sqrt(x.shape[-1]) * weight
