# seqprep-task: sampling
"""Wrong: sample() draws from softmax(logits / T) and forgets the top-k and top-p filters."""
# expect-fail: draws follow filtered_probs
import torch


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    scores = logits / temperature
    if top_k is not None and top_k < scores.shape[-1]:
        kth = torch.topk(scores, top_k, dim=-1).values[..., -1:]
        scores = scores.masked_fill(scores < kth, float("-inf"))
    probs = torch.softmax(scores, dim=-1)
    if top_p is not None and top_p < 1.0:
        sorted_probs = probs.sort(dim=-1, descending=True).values
        kept = ((sorted_probs.cumsum(-1) - sorted_probs) < top_p).sum(-1, keepdim=True)
        probs = probs.masked_fill(probs < sorted_probs.gather(-1, kept - 1), 0.0)
        probs = probs / probs.sum(-1, keepdim=True)
    return probs


def sample(logits, seed, temperature=1.0, top_k=None, top_p=None, num_samples=1):
    g = torch.Generator().manual_seed(seed)
    probs = torch.softmax(logits / temperature, dim=-1)
    ids = torch.multinomial(probs.reshape(-1, probs.shape[-1]), num_samples, replacement=True, generator=g)
    return ids.reshape(*probs.shape[:-1], num_samples)
