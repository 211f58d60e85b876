# seqprep-task: sampling
"""Wrong: zeroes the removed tokens but does not renormalize what is left."""
# expect-fail: top-k keeps the k largest logits
import torch


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    probs = torch.softmax(logits / temperature, dim=-1)
    if top_k is not None and top_k < probs.shape[-1]:
        probs = probs.masked_fill(probs < probs.topk(top_k, dim=-1).values[..., -1:], 0.0)
    if top_p is not None and top_p < 1.0:
        sorted_probs = probs.sort(dim=-1, descending=True).values
        total = probs.sum(-1, keepdim=True)
        kept = ((sorted_probs.cumsum(-1) - sorted_probs) < top_p * total).sum(-1, keepdim=True)
        probs = probs.masked_fill(probs < sorted_probs.gather(-1, kept - 1), 0.0)
    return probs


def sample(logits, seed, temperature=1.0, top_k=None, top_p=None, num_samples=1):
    g = torch.Generator().manual_seed(seed)
    probs = filtered_probs(logits, temperature, top_k, top_p)
    ids = torch.multinomial(probs.reshape(-1, probs.shape[-1]), num_samples, replacement=True, generator=g)
    return ids.reshape(*probs.shape[:-1], num_samples)
