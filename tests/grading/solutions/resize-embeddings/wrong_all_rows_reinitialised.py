# seqprep-task: resize-embeddings
"""Wrong: returns a freshly initialised table of the new size: the trained rows are lost."""
# expect-fail: grow: the old rows are kept (float32)
# expect-fail: shrink: the first new_num_tokens rows are kept
# expect-fail: same size: an equal copy
from torch import nn


def resize_embeddings(emb, new_num_tokens):
    return nn.Embedding(new_num_tokens, emb.embedding_dim, padding_idx=emb.padding_idx, dtype=emb.weight.dtype)
