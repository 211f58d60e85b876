# seqprep-task: resize-embeddings
"""A valid alternative: copy the module with copy.deepcopy, then swap in a new weight Parameter;
the mean is the column sums divided by V."""
import copy

import torch
from torch import nn


def resize_embeddings(emb, new_num_tokens):
    new = copy.deepcopy(emb)
    old = emb.weight.detach()
    V, d = old.shape
    weight = old.new_empty(new_num_tokens, d)
    keep = min(V, new_num_tokens)
    weight[:keep] = old[:keep]
    weight[keep:] = old.sum(dim=0) / V
    new.weight = nn.Parameter(weight)
    new.num_embeddings = new_num_tokens
    return new
