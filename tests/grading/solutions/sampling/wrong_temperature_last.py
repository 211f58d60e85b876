# seqprep-task: sampling
"""Wrong: filters first and applies the temperature last, so top-p sees the untempered distribution."""
# expect-fail: temperature, then top-k, then top-p
import torch


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    scores = logits.clone()
    if top_k is not None and top_k < scores.shape[-1]:
        kth = torch.topk(scores, top_k, dim=-1).values[..., -1:]
        scores = scores.masked_fill(scores < kth, float("-inf"))
    probs = torch.softmax(scores, dim=-1)
    if top_p is not None and top_p < 1.0:
        sorted_probs = probs.sort(dim=-1, descending=True).values
        kept = ((sorted_probs.cumsum(-1) - sorted_probs) < top_p).sum(-1, keepdim=True)
        scores = scores.masked_fill(probs < sorted_probs.gather(-1, kept - 1), float("-inf"))
    return torch.softmax(scores / temperature, dim=-1)


def sample(logits, seed, temperature=1.0, top_k=None, top_p=None, num_samples=1):
    g = torch.Generator().manual_seed(seed)
    probs = filtered_probs(logits, temperature, top_k, top_p)
    ids = torch.multinomial(probs.reshape(-1, probs.shape[-1]), num_samples, replacement=True, generator=g)
    return ids.reshape(*probs.shape[:-1], num_samples)
