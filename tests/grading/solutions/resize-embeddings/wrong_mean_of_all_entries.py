# seqprep-task: resize-embeddings
"""Wrong: the mean over the wrong axes: one number (the mean of every entry) fills the added rows,
instead of the per-column mean over the tokens."""
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
        new.weight[keep:] = emb.weight.mean()
    return new
