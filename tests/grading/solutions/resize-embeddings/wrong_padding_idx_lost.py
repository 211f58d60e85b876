# seqprep-task: resize-embeddings
"""Wrong: builds the new module without padding_idx."""
# expect-fail: keeps padding_idx
import torch
from torch import nn


def resize_embeddings(emb, new_num_tokens):
    V, d = emb.weight.shape
    new = nn.Embedding(new_num_tokens, d, dtype=emb.weight.dtype)
    keep = min(V, new_num_tokens)
    with torch.no_grad():
        new.weight[:keep] = emb.weight[:keep]
        if new_num_tokens > V:
            new.weight[V:] = emb.weight.mean(dim=0)
    return new
