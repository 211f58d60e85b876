"""Decoding rules as arithmetic on a distribution (pure Python).

Temperature divides the logits before the softmax, p_i ~ exp(z_i / tau):
tau -> 0 is greedy (argmax), tau -> inf uniform; the 1/sqrt(d_k) of attention
is the same knob applied to attention scores. Top-k keeps the k most likely
tokens, top-p (nucleus) the smallest set of most likely tokens whose mass
reaches p; both renormalize. Beam search ranks finished hypotheses by
sum log p / length^alpha (alpha = 0: raw sum, which favours short outputs).

Toy distributions here are Zipf-shaped, p_k ~ k^(-s) for ranks k = 1..V,
roughly the shape of a language model's next-token distribution.
"""

from __future__ import annotations

import math


def temperature_softmax(logits: list[float], temperature: float) -> list[float]:
    """softmax(z / tau): `temperature_softmax([2.0, 1.0, 0.0], 1.0)` -> [0.665, 0.245, 0.090] (rounded)."""
    if temperature <= 0:
        raise ValueError("temperature must be positive; tau -> 0 is argmax")
    scaled = [z / temperature for z in logits]
    top = max(scaled)
    exps = [math.exp(z - top) for z in scaled]
    total = sum(exps)
    return [e / total for e in exps]


def temperature_prob(z1: float, z2: float, z3: float, temperature: float, which: int = 1) -> float:
    """Probability of token `which` (1-based) among three logits at temperature tau.
    `temperature_prob(2.0, 1.0, 0.0, 0.5) -> 0.867` (rounded)."""
    return temperature_softmax([z1, z2, z3], temperature)[which - 1]


def zipf_probs(V: int, s: float) -> list[float]:
    """p_k = k^-s / sum_j j^-s for k = 1..V, most likely first: `zipf_probs(2, 1.0)` -> [2/3, 1/3]."""
    weights = [k ** -s for k in range(1, V + 1)]
    total = math.fsum(weights)
    return [w / total for w in weights]


def nucleus_size(V: int, s: float, p: float) -> int:
    """Tokens kept by top-p on a Zipf(s) distribution over V tokens: the smallest k whose
    k most likely tokens have mass >= p. `nucleus_size(50000, 1.0, 0.9) -> 15996`: with a
    heavy tail the nucleus is huge; `nucleus_size(50000, 1.5, 0.9) -> 55`."""
    mass = 0.0
    for k, prob in enumerate(zipf_probs(V, s), start=1):
        mass += prob
        if mass >= p:
            return k
    return V


def top_k_mass(V: int, s: float, k: int) -> float:
    """Mass of the k most likely tokens of Zipf(s), the share top-k renormalizes:
    `top_k_mass(50000, 1.0, 50) -> 0.395` (rounded)."""
    return math.fsum(zipf_probs(V, s)[:k])


def length_normalized_score(logprob_sum: float, length: int, alpha: float = 1.0) -> float:
    """Beam search's ranking score sum log p / length^alpha (Hugging Face's `length_penalty`):
    `length_normalized_score(-6.0, 4, 1.0) -> -1.5`."""
    return logprob_sum / length ** alpha
