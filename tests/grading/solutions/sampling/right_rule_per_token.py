# seqprep-task: sampling
"""A valid alternative: the statement's top-p rule per token (mass of strictly more probable tokens < p),
temperature as a power of the probabilities, and inverse-CDF sampling with torch.rand."""
import torch


def filtered_probs(logits, temperature=1.0, top_k=None, top_p=None):
    probs = torch.softmax(logits, dim=-1) ** (1.0 / temperature)  # = softmax(logits / T) up to normalization
    probs = probs / probs.sum(-1, keepdim=True)
    if top_k is not None and top_k < logits.shape[-1]:
        kth = probs.topk(top_k, dim=-1).values[..., -1:]
        probs = torch.where(probs >= kth, probs, torch.zeros_like(probs))
        probs = probs / probs.sum(-1, keepdim=True)
    if top_p is not None:
        above = (probs.unsqueeze(-2) * (probs.unsqueeze(-2) > probs.unsqueeze(-1))).sum(-1)  # (..., V)
        probs = torch.where(above < top_p, probs, torch.zeros_like(probs))
        probs = probs / probs.sum(-1, keepdim=True)
    return probs


def sample(logits, seed, temperature=1.0, top_k=None, top_p=None, num_samples=1):
    g = torch.Generator()
    g.manual_seed(seed)
    probs = filtered_probs(logits, temperature, top_k, top_p)
    cdf = probs.cumsum(-1)
    cdf = cdf / cdf[..., -1:]  # exactly 1 at the end
    u = torch.rand(*probs.shape[:-1], num_samples, generator=g, dtype=cdf.dtype)
    ids = torch.searchsorted(cdf.contiguous(), u, right=True)
    last_kept = (probs > 0).cumsum(-1).argmax(-1, keepdim=True)  # guard against u at the rounding edge
    return torch.minimum(ids, last_kept)
