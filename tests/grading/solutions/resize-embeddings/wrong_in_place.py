# seqprep-task: resize-embeddings
"""Wrong: resizes the given module in place and returns it: the caller's module changes."""
# expect-fail: returns a new module and leaves the input unchanged
import torch
from torch import nn


def resize_embeddings(emb, new_num_tokens):
    old = emb.weight.detach()
    V = old.shape[0]
    keep = min(V, new_num_tokens)
    mean = old.mean(dim=0, keepdim=True)
    table = torch.cat([old[:keep], mean.expand(max(new_num_tokens - V, 0), -1)], dim=0)
    emb.weight = nn.Parameter(table)
    emb.num_embeddings = new_num_tokens
    return emb
