"""How many rows of the embedding table one batch updates (pure Python).

The gradient of the input table reaches only the rows of tokens present in the
batch (d L / d W_i = sum of the gradients at the positions holding token i). If
the batch's n tokens were drawn independently from the token distribution p,
row i is touched with probability 1 - (1 - p_i)^n, so the expected share of the
V rows that get a gradient is

    (1 / V) sum_i [1 - (1 - p_i)^n].

With Zipf-shaped frequencies, p_r ∝ r^(-s), most of a large vocabulary is
untouched in any one step: `rows_touched_share(50257, 1.0, 8192) -> 0.0669`
(rounded) for a batch of 8 x 1024 tokens. Torch still materializes a dense
V x d gradient (unless `sparse=True`), and Adam still moves every row along
its momentum; what is sparse is the *signal*.

Real text is burstier than independent draws (a rare word repeats within a
text), so real batches touch somewhat fewer distinct rows than this.
"""

from __future__ import annotations

import math


def zipf_probs(V: int, s: float) -> list[float]:
    """p_r = r^(-s) / sum_k k^(-s), most frequent first: `zipf_probs(3, 1.0)[0] -> 0.5454545` (rounded)."""
    weights = [r ** -s for r in range(1, V + 1)]
    total = math.fsum(weights)
    return [w / total for w in weights]


def rows_touched_share(V: int, s: float, n_tokens: int) -> float:
    """Expected share of rows with a non-zero input-side gradient after a batch of n_tokens independent draws:
    `rows_touched_share(32000, 1.0, 65536) -> 0.4096` (rounded)."""
    untouched = math.fsum(math.exp(n_tokens * math.log1p(-p)) for p in zipf_probs(V, s))
    return 1 - untouched / V


def expected_distinct_tokens(V: int, s: float, n_tokens: int) -> float:
    """Expected number of distinct token ids in the batch: V * rows_touched_share.
    `expected_distinct_tokens(50257, 1.0, 8192) -> 3360.3` (rounded)."""
    return V * rows_touched_share(V, s, n_tokens)
