# seqprep-task: sampling
"""The reference: temperature, a top-k threshold, a top-p threshold found in sorted order, multinomial."""
import torch


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    scores = logits / temperature
    if top_k is not None and top_k < scores.shape[-1]:
        kth = torch.topk(scores, top_k, dim=-1).values[..., -1:]  # (..., 1)
        scores = scores.masked_fill(scores < kth, float("-inf"))  # ties with the k-th stay
    probs = torch.softmax(scores, dim=-1)
    if top_p is not None and top_p < 1.0:
        sorted_probs = probs.sort(dim=-1, descending=True).values
        before = sorted_probs.cumsum(dim=-1) - sorted_probs  # mass ahead of each sorted token
        kept = (before < top_p).sum(dim=-1, keepdim=True)  # >= 1
        threshold = sorted_probs.gather(-1, kept - 1)  # the crossing token's probability
        probs = probs.masked_fill(probs < threshold, 0.0)
        probs = probs / probs.sum(dim=-1, keepdim=True)
    return probs


def sample(logits, seed, temperature=1.0, top_k=None, top_p=None, num_samples=1):
    generator = torch.Generator().manual_seed(seed)
    probs = filtered_probs(logits, temperature, top_k, top_p)
    flat = probs.reshape(-1, probs.shape[-1])
    ids = torch.multinomial(flat, num_samples, replacement=True, generator=generator)
    return ids.reshape(*probs.shape[:-1], num_samples)
