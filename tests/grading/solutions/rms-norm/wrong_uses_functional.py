# seqprep-task: rms-norm
"""Wrong: calls F.rms_norm, which this task forbids."""
# expect-fail: no forbidden API
import torch.nn.functional as F


def rms_norm(x, weight, eps=1e-6):
    return F.rms_norm(x, x.shape[-1:], weight, eps)
