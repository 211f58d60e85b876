# seqprep-task: resize-embeddings
"""Wrong: returns the resized weight tensor instead of an nn.Embedding."""
# expect-fail: returns an nn.Embedding with new_num_tokens rows
import torch


def resize_embeddings(emb, new_num_tokens):
    old = emb.weight.detach()
    V = old.shape[0]
    mean = old.mean(dim=0, keepdim=True)
    return torch.cat([old[:new_num_tokens], mean.expand(max(new_num_tokens - V, 0), -1)], dim=0)
