# seqprep-task: sampling
"""Wrong: flattens the logits' rows for multinomial with .view(-1, V), which fails when [B, T, V]
logits arrive as a non-contiguous view."""
# expect-fail: ids have shape [..., num_samples]
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
    rows = logits.view(-1, logits.shape[-1])
    probs = filtered_probs(rows, temperature, top_k, top_p)
    ids = torch.multinomial(probs, num_samples, replacement=True, generator=g)
    return ids.view(*logits.shape[:-1], num_samples)
