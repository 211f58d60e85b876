# seqprep-task: resize-embeddings
"""The reference: a new nn.Embedding with the same dtype and padding_idx; copy the first
min(old, new) rows and fill the added rows with the mean of the old rows."""
import torch
from torch import nn


def resize_embeddings(emb, new_num_tokens):
    old_num_tokens, d = emb.weight.shape  # (V, d)
    new = nn.Embedding(new_num_tokens, d, padding_idx=emb.padding_idx,
                       device=emb.weight.device, dtype=emb.weight.dtype)
    keep = min(old_num_tokens, new_num_tokens)
    with torch.no_grad():
        new.weight[:keep] = emb.weight[:keep]  # (keep, d)
        if new_num_tokens > old_num_tokens:
            new.weight[old_num_tokens:] = emb.weight.mean(dim=0)  # (new - old, d) <- (d,)
    return new
