"""How many (query, key) pairs an attention pattern scores (pure Python).

The cost of the score and weighted-sum products, and of the score memory when
it is materialized, is proportional to the number of allowed pairs. Positions
are 0-based; query i may attend key j when the pattern allows (i, j):

    full          every pair                                  T^2
    causal        j <= i                                      T (T + 1) / 2
    sliding       i - w < j <= i (w keys, itself included)    ~ T w
    Longformer    |i - j| <= w, plus g global tokens (the first g positions)
                  that attend to every key and are attended by every query
    prefix-LM     the first P tokens see each other both ways, the rest is causal

tests/answers/test_attention_patterns.py counts the True entries of the same
boolean masks built in torch.
"""

from __future__ import annotations


def causal_pairs(T: int) -> int:
    """`causal_pairs(4) -> 10`: 1 + 2 + 3 + 4."""
    return T * (T + 1) // 2


def sliding_window_pairs(T: int, w: int) -> int:
    """Causal attention to the last w keys (the query's own position included), as
    in Mistral: sum over i of min(i + 1, w). `sliding_window_pairs(4, 2) -> 7`;
    once w >= T it is the full causal count."""
    if w >= T:
        return causal_pairs(T)
    return w * (w + 1) // 2 + (T - w) * w


def longformer_pairs(T: int, w: int, g: int) -> int:
    """Longformer's pattern: a band of w keys on each side (|i - j| <= w) plus g global
    tokens. `longformer_pairs(6, 1, 1) -> 24`: a band of 16 pairs; the global token's
    row adds 4 more and its column another 4."""
    total = 0
    for i in range(T):
        if i < g:
            total += T  # a global query attends to everything
            continue
        lo, hi = max(0, i - w), min(T - 1, i + w)
        band = hi - lo + 1
        globals_outside_band = max(0, min(g, lo))  # global keys 0..g-1 left of the band
        total += band + globals_outside_band
    return total


def prefix_lm_pairs(T: int, P: int) -> int:
    """A prefix of P tokens attends bidirectionally, the T - P later ones causally:
    P^2 + sum_{i=P+1}^{T} i. `prefix_lm_pairs(4, 2) -> 11` (causal: 10, full: 16)."""
    if not 0 <= P <= T:
        raise ValueError(f"the prefix P={P} must lie within 0..T={T}")
    return P * P + causal_pairs(T) - causal_pairs(P)
