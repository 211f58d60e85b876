"""Near-duplicate detection with MinHash and LSH banding (pure Python).

Two texts are compared as sets of shingles (word or character n-grams) by their
Jaccard similarity s = |A ∩ B| / |A ∪ B|. A MinHash of a set is its minimum
under a random hash function, and two sets share it with probability exactly s.
A signature of b * r MinHashes is cut into b bands of r rows; two texts become
candidate duplicates when *all* r rows of at least one band agree:

    P(candidate) = 1 - (1 - s^r)^b.

This is an S-curve in s with its steepest part near the threshold
(1 / b)^(1 / r): few bands of many rows give a sharp, high threshold; many bands
of few rows catch more pairs and more false positives.
`candidate_probability(0.8, 5, 20) -> 0.99964` (rounded): near-duplicates at
s = 0.8 are almost always caught, `candidate_probability(0.3, 5, 20) -> 0.0475`
(rounded) keeps most of the unrelated pairs out. Exact-hash deduplication
only catches s = 1.
"""

from __future__ import annotations


def candidate_probability(s: float, r: int, b: int) -> float:
    """Probability that two sets with Jaccard similarity s share all r MinHashes of at least one of b bands.
    `candidate_probability(0.3, 5, 20) -> 0.0475` (rounded)."""
    if not 0 <= s <= 1:
        raise ValueError("a Jaccard similarity is between 0 and 1")
    return 1 - (1 - s ** r) ** b


def lsh_threshold(r: int, b: int) -> float:
    """The similarity where the S-curve is steepest, about (1 / b) ** (1 / r): `lsh_threshold(5, 20) -> 0.549`
    (rounded)."""
    return (1 / b) ** (1 / r)


def jaccard(a: set, b: set) -> float:
    """|a ∩ b| / |a ∪ b|: `jaccard({1, 2, 3}, {2, 3, 4}) -> 0.5`."""
    return len(a & b) / len(a | b) if a | b else 1.0
