# seqprep-task: resize-embeddings
"""A valid alternative: build the new table with torch.cat and wrap it with
nn.Embedding.from_pretrained (its dtype follows the table)."""
import torch
from torch import nn


def resize_embeddings(emb, new_num_tokens):
    old = emb.weight.detach()  # (V, d)
    V = old.shape[0]
    if new_num_tokens <= V:
        table = old[:new_num_tokens].clone()
    else:
        mean = old.mean(dim=0, keepdim=True)  # (1, d)
        table = torch.cat([old, mean.expand(new_num_tokens - V, -1)], dim=0)  # (new, d)
    return nn.Embedding.from_pretrained(table, freeze=False, padding_idx=emb.padding_idx)
