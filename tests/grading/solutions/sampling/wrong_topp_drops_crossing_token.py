# seqprep-task: sampling
"""Wrong: keeps the tokens whose running sum stays below p, so the token that crosses p is dropped."""
# expect-fail: top-p keeps the token that crosses p
import torch


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    scores = logits / temperature
    if top_k is not None and top_k < scores.shape[-1]:
        kth = torch.topk(scores, top_k, dim=-1).values[..., -1:]
        scores = scores.masked_fill(scores < kth, float("-inf"))
    probs = torch.softmax(scores, dim=-1)
    if top_p is not None and top_p < 1.0:
        sorted_probs, order = probs.sort(dim=-1, descending=True)
        keep = sorted_probs.cumsum(-1) < top_p
        keep[..., 0] = True
        mask = torch.zeros_like(keep).scatter(-1, order, keep)
        probs = probs * mask
        probs = probs / probs.sum(-1, keepdim=True)
    return probs


def sample(logits, seed, temperature=1.0, top_k=None, top_p=None, num_samples=1):
    g = torch.Generator().manual_seed(seed)
    probs = filtered_probs(logits, temperature, top_k, top_p)
    ids = torch.multinomial(probs.reshape(-1, probs.shape[-1]), num_samples, replacement=True, generator=g)
    return ids.reshape(*probs.shape[:-1], num_samples)
