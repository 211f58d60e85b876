# seqprep-task: sampling
"""Wrong: keeps exactly the k indices torch.topk returns, so a tie at the k-th logit is cut arbitrarily;
top-p likewise keeps a prefix of the sorted order without looking at ties."""
# expect-fail: top-k: tokens tied with the k-th logit are all kept
# expect-fail: top-p: tokens as probable as the crossing one are all kept
import torch


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    scores = logits / temperature
    if top_k is not None and top_k < scores.shape[-1]:
        idx = torch.topk(scores, top_k, dim=-1).indices
        keep = torch.zeros_like(scores, dtype=torch.bool).scatter(-1, idx, True)
        scores = scores.masked_fill(~keep, float("-inf"))
    probs = torch.softmax(scores, dim=-1)
    if top_p is not None and top_p < 1.0:
        sorted_probs, order = probs.sort(dim=-1, descending=True)
        keep_sorted = (sorted_probs.cumsum(-1) - sorted_probs) < top_p
        keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)
        probs = probs * keep
        probs = probs / probs.sum(-1, keepdim=True)
    return probs


def sample(logits, seed, temperature=1.0, top_k=None, top_p=None, num_samples=1):
    g = torch.Generator().manual_seed(seed)
    probs = filtered_probs(logits, temperature, top_k, top_p)
    ids = torch.multinomial(probs.reshape(-1, probs.shape[-1]), num_samples, replacement=True, generator=g)
    return ids.reshape(*probs.shape[:-1], num_samples)
