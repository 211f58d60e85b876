"""The vocabulary trade-off in compute: a bigger V shortens the text but makes every token dearer
(pure Python).

Forward multiply-accumulates per token of a decoder with L blocks of width d
(attention projections 4 d^2, an MLP d -> 4d -> d of 8 d^2) and an output head
d x V, leaving out the attention products QK^T and AV, norms and the lookup:

    macs_per_token(d, L, V) = 12 L d^2 + d V.

A text that takes T tokens with vocabulary V1 takes T * length_ratio with V2;
the compute per text changes by

    length_ratio * (12 L d^2 + d V2) / (12 L d^2 + d V1).

For a small model the head dominates and a larger vocabulary costs more than it
saves; for a large one the blocks dominate and the shorter text wins:
`text_compute_ratio(512, 8, 32000, 128000, 0.85) -> 1.856` (rounded) but
`text_compute_ratio(4096, 32, 32000, 128000, 0.85) -> 0.901` (rounded).
"""

from __future__ import annotations


def macs_per_token(d: int, L: int, V: int) -> int:
    """12 L d^2 (blocks) + d V (head): `macs_per_token(768, 12, 50257) -> 123532032`."""
    return 12 * L * d * d + d * V


def head_share(d: int, L: int, V: int) -> float:
    """Share of a token's forward MACs spent in the head: `head_share(768, 12, 50257) -> 0.312` (rounded)."""
    return d * V / macs_per_token(d, L, V)


def text_compute_ratio(d: int, L: int, V1: int, V2: int, length_ratio: float) -> float:
    """Compute per text with V2 over compute with V1, when V2 cuts the text to `length_ratio` of its tokens.
    `text_compute_ratio(4096, 32, 32000, 128000, 0.85) -> 0.901` (rounded)."""
    if not 0 < length_ratio <= 1:
        raise ValueError("length_ratio is the token count with V2 over the count with V1, in (0, 1]")
    return length_ratio * macs_per_token(d, L, V2) / macs_per_token(d, L, V1)
