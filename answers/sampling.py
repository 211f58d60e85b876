"""Sampling the next token: temperature, top-k and top-p (nucleus), with a seeded generator.

The filters run in this order, each on the output of the previous one
(the order of Hugging Face's default logits warpers):

1. temperature T > 0: logits / T. T < 1 sharpens, T > 1 flattens, T -> 0 tends to argmax.
2. top-k: keep the tokens whose logit is >= the k-th largest logit. Tokens tied
   with the k-th one are all kept, so more than k may survive; k >= V keeps all.
3. top-p (Holtzman et al., 2019) on the renormalized distribution left by top-k:
   keep the smallest set of most probable tokens whose total probability is >= p.
   As a rule on values: a token is kept iff the tokens strictly more probable than
   it hold less than p in total. The token that crosses p is kept, ties with it
   are kept too, the most probable token always survives, and p = 1 keeps all.

The result renormalizes the kept tokens' probabilities; dropped tokens get
exactly 0. Tiny example, probabilities [0.5, 0.3, 0.15, 0.05] (logits = their logs):
    top_k=2 -> [0.625, 0.375, 0, 0];  top_p=0.7 -> [0.625, 0.375, 0, 0] (0.5 < 0.7 <= 0.8);
    top_p=0.5 -> [1, 0, 0, 0] (the first token already holds 0.5 >= p).

Draws come from a `torch.Generator` seeded by the caller, never from the
global RNG, so the same seed gives the same tokens and nothing else in the
program changes them.
"""

from __future__ import annotations

from typing import Optional

import torch


def filtered_probs(logits: torch.Tensor, temperature: float = 1.0, top_k: Optional[int] = None,
                   top_p: Optional[float] = None) -> torch.Tensor:
    """logits [..., V] -> the distribution to sample from, [..., V], rows summing to 1."""
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    scores = logits / temperature  # (..., V)
    if top_k is not None and top_k < scores.shape[-1]:
        kth = torch.topk(scores, top_k, dim=-1).values[..., -1:]  # (..., 1) the k-th largest
        scores = scores.masked_fill(scores < kth, float("-inf"))  # (..., V) ties with it stay
    probs = torch.softmax(scores, dim=-1)  # (..., V)
    if top_p is not None and top_p < 1.0:
        sorted_probs = probs.sort(dim=-1, descending=True).values  # (..., V)
        mass_before = sorted_probs.cumsum(dim=-1) - sorted_probs  # (..., V) exclusive prefix sums
        kept = (mass_before < top_p).sum(dim=-1, keepdim=True)  # (..., 1) >= 1: the first always stays
        threshold = sorted_probs.gather(-1, kept - 1)  # (..., 1) the token that crosses p
        probs = probs.masked_fill(probs < threshold, 0.0)  # (..., V) ties with it stay
        probs = probs / probs.sum(dim=-1, keepdim=True)  # (..., V) renormalized
    return probs


def sample(logits: torch.Tensor, seed: int, temperature: float = 1.0, top_k: Optional[int] = None,
           top_p: Optional[float] = None, num_samples: int = 1) -> torch.Tensor:
    """Draw num_samples token ids per row, with replacement: logits [..., V] -> int64 [..., num_samples]."""
    generator = torch.Generator(device=logits.device).manual_seed(seed)
    probs = filtered_probs(logits, temperature, top_k, top_p)  # (..., V)
    flat = probs.reshape(-1, probs.shape[-1])  # (rows, V); multinomial wants 1-D or 2-D
    ids = torch.multinomial(flat, num_samples, replacement=True, generator=generator)  # (rows, n)
    return ids.reshape(*probs.shape[:-1], num_samples)  # (..., num_samples)
