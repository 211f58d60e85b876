"""Small scalar results, in pure Python, for the quiz's numeric questions.

Each function mirrors a tensor implementation elsewhere in `answers/` and is
checked against it in the tests; this copy exists so the quiz can compute an
answer without importing torch.
"""

from __future__ import annotations

import math


def softmax(scores: list[float]) -> list[float]:
    """Stable softmax of a list: subtract the max before exp.

    `softmax([5.2, 8.7, 2.1])` -> [0.0293, 0.9694, 0.0013] (rounded); the
    source document gives [0.15, 0.82, 0.03] for these scores, which is wrong.
    """
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def softmax_weight(s1: float, s2: float, s3: float, which: int = 2) -> float:
    """Weight of score number `which` (1-based) in softmax([s1, s2, s3]).

    `softmax_weight(5.2, 8.7, 2.1, which=2)` -> 0.9694 (rounded).
    """
    return softmax([s1, s2, s3])[which - 1]


def scaled_softmax_weight(s1: float, s2: float, s3: float, d_k: int, which: int = 2) -> float:
    """Like `softmax_weight` after dividing the raw dot products by sqrt(d_k)."""
    scale = math.sqrt(d_k)
    return softmax_weight(s1 / scale, s2 / scale, s3 / scale, which)


def pe_value(pos: int, i: int, d_model: int) -> float:
    """PE[pos, i] of the sinusoidal encoding (i is the column, 0-based).

    Column 2k holds sin(pos / 10000^(2k/d_model)) and column 2k+1 the cosine of
    the same angle: `pe_value(1, 0, 512) -> sin(1) = 0.8415` (rounded),
    `pe_value(2, 1, 512) -> cos(2) = -0.4161` (rounded).
    """
    if not 0 <= i < d_model:
        raise ValueError(f"column {i} is outside 0..{d_model - 1}")
    pair = i - i % 2
    angle = pos / 10000 ** (pair / d_model)
    return math.sin(angle) if i % 2 == 0 else math.cos(angle)


def head_dim(d_model: int, num_heads: int) -> int:
    """d_k = d_model / heads: `head_dim(512, 8) -> 64`."""
    if d_model % num_heads:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    return d_model // num_heads


def attention_scale(d_model: int, num_heads: int) -> float:
    """The factor the scores are divided by, sqrt(d_k): `attention_scale(512, 8) -> 8.0`."""
    return math.sqrt(head_dim(d_model, num_heads))


def dot_product_std(d_k: int) -> float:
    """Std of q . k when q and k have independent unit-variance entries: sqrt(d_k).

    This is why the scores are divided by sqrt(d_k): `dot_product_std(64) -> 8.0`.
    """
    return math.sqrt(d_k)


def bpe_vocab_size(base: int, merges: int, specials: int = 0) -> int:
    """Each merge adds one token: `bpe_vocab_size(256, 50000, 1) -> 50257` (GPT-2)."""
    return base + merges + specials


def gradient_factor(rho: float, steps: int) -> float:
    """Size of a gradient after `steps` Jacobians of norm rho: rho ** steps.

    `gradient_factor(0.9, 50) -> 0.00515` (rounded); 1.1 ** 50 is about 117.
    """
    return rho ** steps


def bert_pair_length(n1: int, n2: int) -> int:
    """Length of a BERT sentence-pair input `[CLS] A [SEP] B [SEP]`: `bert_pair_length(5, 7) -> 15`."""
    return n1 + n2 + 3
