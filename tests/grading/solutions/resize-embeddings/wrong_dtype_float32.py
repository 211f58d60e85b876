# seqprep-task: resize-embeddings
"""Wrong: the new module gets the default dtype (float32) whatever the input's dtype."""
# expect-fail: keeps the dtype
# expect-fail: grow with padding_idx: the old rows are kept (float64)
import torch
from torch import nn


def resize_embeddings(emb, new_num_tokens):
    V, d = emb.weight.shape
    new = nn.Embedding(new_num_tokens, d, padding_idx=emb.padding_idx)
    keep = min(V, new_num_tokens)
    with torch.no_grad():
        new.weight[:keep] = emb.weight[:keep]
        if new_num_tokens > V:
            new.weight[V:] = emb.weight.mean(dim=0)
    return new
