# seqprep-task: sdpa
"""Wrong: calls the library kernel this task asks you to write."""
# expect-fail: no forbidden API
import torch.nn.functional as F


def scaled_dot_product_attention(q, k, v, mask=None):
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    return out, None
