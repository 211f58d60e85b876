# seqprep-task: sampling
"""Wrong: computes the top-p set on the full distribution, not on what top-k left after renormalizing."""
# expect-fail: temperature, then top-k, then top-p
import torch


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    probs = torch.softmax(logits / temperature, dim=-1)
    keep = torch.ones_like(probs, dtype=torch.bool)
    if top_k is not None and top_k < probs.shape[-1]:
        keep &= probs >= probs.topk(top_k, dim=-1).values[..., -1:]
    if top_p is not None and top_p < 1.0:
        sorted_probs = probs.sort(dim=-1, descending=True).values
        kept = ((sorted_probs.cumsum(-1) - sorted_probs) < top_p).sum(-1, keepdim=True)
        keep &= probs >= sorted_probs.gather(-1, kept - 1)
    probs = probs * keep
    return probs / probs.sum(-1, keepdim=True)


def sample(logits, seed, temperature=1.0, top_k=None, top_p=None, num_samples=1):
    g = torch.Generator().manual_seed(seed)
    probs = filtered_probs(logits, temperature, top_k, top_p)
    ids = torch.multinomial(probs.reshape(-1, probs.shape[-1]), num_samples, replacement=True, generator=g)
    return ids.reshape(*probs.shape[:-1], num_samples)
