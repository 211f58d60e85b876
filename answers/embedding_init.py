"""The scale of the initial logits of a tied head (pure Python).

With the head tied to the table, the logits are z_j = h . W_j. At initialization
the rows W_j are independent N(0, sigma^2) vectors of length d, and the final
hidden state h comes out of the last LayerNorm (or RMSNorm) with components of
unit variance, |h|^2 ≈ d. Then z_j is a sum of d independent terms of variance
sigma^2, so

    std(z) = sigma * sqrt(d).

GPT-2's sigma = 0.02 at d = 768 gives `initial_logit_std(768, 0.02) -> 0.554`
(rounded): a nearly uniform softmax and an initial loss near ln V. Keeping
`nn.Embedding`'s default sigma = 1 gives `initial_logit_std(768, 1.0) -> 27.71`
(rounded): logits tens of units apart, a softmax close to one-hot on random
tokens, an initial loss far above ln V and huge early gradients.

The original Transformer multiplies the embeddings by sqrt(d) at the *input*;
with a tied head that means small rows (sigma ≈ d^(-1/2)) whose input copy is
rescaled to unit size, while the logits keep std ≈ 1.
"""

from __future__ import annotations

import math


def initial_logit_std(d: int, sigma: float) -> float:
    """std of h . W_j for |h|^2 = d and W_j ~ N(0, sigma^2 I_d): sigma sqrt(d).
    `initial_logit_std(4096, 0.02) -> 1.28` (rounded)."""
    if d < 1 or sigma < 0:
        raise ValueError("d must be positive and sigma non-negative")
    return sigma * math.sqrt(d)
