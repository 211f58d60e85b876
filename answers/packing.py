"""Sequence packing: several texts in one row instead of one padded row each (pure Python).

Padding a batch to its longest sequence computes positions that carry nothing.
Packing concatenates the texts (each ended by EOS) into rows of the context
length C, so almost every position is a real token. Three things then need care:

* the attention mask: a plain causal mask over the row lets a token attend to
  the texts packed before it. A block-diagonal causal mask allows only the
  pairs inside one text; it removes sum_{i<j} l_i l_j pairs of a row
  that holds texts of lengths l_1, l_2, ...;
* `position_ids` restart at 0 for every text, so each one sees the positions
  it would have seen alone: `position_ids([3, 2]) -> [0, 1, 2, 0, 1]`;
* variable-length attention kernels (FlashAttention's `flash_attn_varlen_func`)
  take no mask at all but the cumulative lengths, `cu_seqlens`, int32,
  starting at 0: `cu_seqlens([3, 2]) -> [0, 3, 5]`; the kernel then never
  computes a cross-text score.

Counts, with causal masks (a query attends to itself and to earlier keys):

    causal pairs of a row of C tokens        C (C + 1) / 2
    block-diagonal causal pairs              sum_i l_i (l_i + 1) / 2
    saved                                    sum_{i<j} l_i l_j

`cross_document_pairs_saved(300, 500, 224) -> 329200`.
"""

from __future__ import annotations

from itertools import accumulate


def causal_pairs(n: int) -> int:
    """(query, key) pairs a causal mask allows over n positions: n (n + 1) / 2.
    `causal_pairs(4) -> 10`."""
    return n * (n + 1) // 2


def block_causal_pairs(lengths: list[int]) -> int:
    """Pairs allowed by a block-diagonal causal mask over texts of these lengths.
    `block_causal_pairs([2, 2]) -> 6`."""
    return sum(causal_pairs(n) for n in lengths)


def cross_document_pairs_saved(l1: int, l2: int, l3: int, l4: int = 0) -> int:
    """Pairs of a packed row (texts l1..l4, row length their sum) that a plain causal mask computes
    and a block-diagonal one does not: causal_pairs(sum) - block_causal_pairs = sum_{i<j} l_i l_j."""
    lengths = [n for n in (l1, l2, l3, l4) if n]
    return causal_pairs(sum(lengths)) - block_causal_pairs(lengths)


def padded_positions(lengths: list[int]) -> int:
    """Positions of a batch padded to its longest sequence: n * max(l). `padded_positions([3, 5]) -> 10`."""
    return len(lengths) * max(lengths)


def packed_positions(lengths: list[int], context: int) -> int:
    """Positions of the rows of length `context` that hold the concatenated texts (a text may
    continue in the next row; the last row is padded): ceil(sum / C) * C.
    `packed_positions([3, 5], 4) -> 8`."""
    return -(-sum(lengths) // context) * context


def padding_over_packing(l1: int, l2: int, l3: int, l4: int, context: int) -> float:
    """How many times more positions padding to the longest computes than packing into rows of
    `context`. `padding_over_packing(900, 200, 150, 700, 1024) -> 1.7578125`."""
    lengths = [l1, l2, l3, l4]
    if max(lengths) > context:
        raise ValueError("every text must fit in the context")
    return padded_positions(lengths) / packed_positions(lengths, context)


def cu_seqlens(lengths: list[int]) -> list[int]:
    """Cumulative sequence lengths for a varlen attention kernel: 0, l1, l1 + l2, ...
    `cu_seqlens([4, 2, 3]) -> [0, 4, 6, 9]`."""
    return [0, *accumulate(lengths)]


def position_ids(lengths: list[int]) -> list[int]:
    """Positions that restart at 0 for every packed text. `position_ids([3, 2]) -> [0, 1, 2, 0, 1]`."""
    return [p for n in lengths for p in range(n)]
