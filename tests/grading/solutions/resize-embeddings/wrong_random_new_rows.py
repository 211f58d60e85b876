# seqprep-task: resize-embeddings
"""Wrong: copies the old rows but leaves the added rows at nn.Embedding's random init."""
# expect-fail: grow: the added rows are the mean of the old rows (float32)
# expect-fail: grow with padding_idx: the added rows are the mean
import torch
from torch import nn


def resize_embeddings(emb, new_num_tokens):
    V, d = emb.weight.shape
    new = nn.Embedding(new_num_tokens, d, padding_idx=emb.padding_idx, dtype=emb.weight.dtype)
    keep = min(V, new_num_tokens)
    with torch.no_grad():
        new.weight[:keep] = emb.weight[:keep]
    return new
