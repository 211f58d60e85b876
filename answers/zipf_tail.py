"""How much data the rare end of a vocabulary gets, under Zipf's law (pure Python).

Token frequencies of a corpus roughly follow Zipf's law: the token of rank r
has probability r^(-s) / H, H = sum_{k=1}^{V} k^(-s) (s close to 1). In a corpus of N
tokens the token of rank r is expected

    n(r) = N r^(-s) / H

times. With s = 1, H ≈ ln V + 0.577, so the last token of the vocabulary sees about
N / (V ln V) examples: `expected_count(1e9, 50000, 50000) -> 1754.8` (rounded).
`share_below(N, V, k)` is the share of the vocabulary expected fewer than k
times: those rows of the embedding table (and of an untied head) are updated
as inputs in at most k steps of a whole epoch.
`share_below(1e7, 128000, 10) -> 0.367` (rounded).
"""

from __future__ import annotations

import math


def harmonic(V: int, s: float = 1.0) -> float:
    """sum_{k=1}^{V} k^(-s): `harmonic(4) -> 2.0833` (rounded)."""
    return math.fsum(k ** -s for k in range(1, V + 1))


def expected_count(N: float, V: int, rank: int, s: float = 1.0) -> float:
    """Expected occurrences of the token of this rank in N tokens: N rank^(-s) / H_V."""
    if not 1 <= rank <= V:
        raise ValueError("rank must be between 1 and V")
    return N * rank ** -s / harmonic(V, s)


def share_below(N: float, V: int, k: float, s: float = 1.0) -> float:
    """Share of the V tokens whose expected count in N tokens is below k:
    `share_below(1e7, 128000, 10) -> 0.367` (rounded)."""
    H = harmonic(V, s)
    return sum(1 for r in range(1, V + 1) if N * r ** -s / H < k) / V
