"""The document's "я хочу пиццу" example, computed instead of asserted.

`pizza_walkthrough()` runs single-head self-attention on three hand-set
4-dimensional embeddings and returns every intermediate (Q, K, V, scores,
scaled scores, weights, new vectors) as plain lists.

`document_softmax_check()` recomputes the document's own numbers: the scores
[5.2, 8.7, 2.1] give softmax weights [0.029, 0.969, 0.001], not the printed
[0.15, 0.82, 0.03]; and the two weight vectors the document gives for the same
query ("пиццу" over я / хочу / пиццу), [0.3, 0.6, 0.1] and [0.15, 0.82, 0.03],
cannot both come from one set of scores, even allowing any temperature.

`permutation_equivariance()` shows that without positional information
self-attention cannot tell "я хочу пиццу" from "пиццу хочу я": the outputs are
the same vectors in permuted order, and their mean is identical.
"""

from __future__ import annotations

import math

import torch

from answers.attention import MultiHeadSelfAttention, scaled_dot_product_attention, softmax
from answers.positional import sinusoidal_positional_encoding

PIZZA_TOKENS = ["я", "хочу", "пиццу"]

# Hand-set toy numbers (d_model = d_k = d_v = 4). Embedding features, loosely:
# [subject, verb, object, 1]. Row vectors; Q = X W_Q^T as in nn.Linear (Q_i = W_Q x_i).
_EMBEDDINGS = [
    [1.0, 0.0, 0.2, 0.5],  # я
    [0.1, 1.0, 0.3, 0.5],  # хочу
    [0.0, 0.2, 1.0, 0.5],  # пиццу
]
_W_Q = [  # an object asks "who acts on me, and with which verb?"
    [0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 2.0, 0.0],
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
]
_W_K = [[1.0 if r == c else 0.0 for c in range(4)] for r in range(4)]  # keys are the embeddings themselves
_W_V = [  # values: a fixed mix of the features
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.5, 0.0],
    [0.0, 0.5, 1.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
]


def pizza_walkthrough(seed: int | None = None, d_model: int = 4) -> dict:
    """Self-attention over "я хочу пиццу", step by step, in float64.

    seed=None uses the hand-set toy numbers above (d_model must be 4); an int
    draws embeddings and W_Q, W_K, W_V from N(0, 1) with that seed instead.
    With the hand-set numbers "пиццу" puts most weight on "хочу":
    `pizza_walkthrough()["pizza_weights"]` -> [0.288, 0.499, 0.213] (rounded).
    """
    if seed is None:
        if d_model != 4:
            raise ValueError("the hand-set example has d_model = 4; pass a seed for other sizes")
        X, W_Q, W_K, W_V = (torch.tensor(m, dtype=torch.float64) for m in (_EMBEDDINGS, _W_Q, _W_K, _W_V))
    else:
        g = torch.Generator().manual_seed(seed)
        X, W_Q, W_K, W_V = (torch.randn(r, d_model, generator=g, dtype=torch.float64) for r in (3, d_model, d_model, d_model))
    Q = X @ W_Q.T  # (T, d_k)  row i is W_Q x_i
    K = X @ W_K.T  # (T, d_k)
    V = X @ W_V.T  # (T, d_v)
    d_k = Q.shape[-1]
    scores = Q @ K.T  # (T, T)  scores[i, j] = Q_i . K_j
    scaled = scores / math.sqrt(d_k)  # (T, T)
    weights = softmax(scaled, dim=-1)  # (T, T)  rows sum to 1
    out = weights @ V  # (T, d_v)
    same, _ = scaled_dot_product_attention(Q, K, V)  # (T, d_v) the one-call version
    assert torch.allclose(same, out)
    i = PIZZA_TOKENS.index("пиццу")
    return {
        "tokens": list(PIZZA_TOKENS),
        "query_token": "пиццу",
        "d_k": d_k,
        "scale": math.sqrt(d_k),
        "embeddings": X.tolist(),
        "W_Q": W_Q.tolist(),
        "W_K": W_K.tolist(),
        "W_V": W_V.tolist(),
        "Q": Q.tolist(),
        "K": K.tolist(),
        "V": V.tolist(),
        "scores": scores.tolist(),
        "scaled_scores": scaled.tolist(),
        "weights": weights.tolist(),
        "outputs": out.tolist(),
        "pizza_scores": scores[i].tolist(),
        "pizza_scaled_scores": scaled[i].tolist(),
        "pizza_weights": weights[i].tolist(),
        "pizza_output": out[i].tolist(),
    }


def _score_gaps(weights: list[float]) -> list[float]:
    """Softmax weights fix the score differences: s_a - s_b = log(w_a / w_b).
    Returned for (хочу - я, я - пиццу)."""
    w_ya, w_hochu, w_pizza = weights
    return [math.log(w_hochu / w_ya), math.log(w_ya / w_pizza)]


def document_softmax_check() -> dict:
    """The document's numbers, recomputed.

    * softmax([5.2, 8.7, 2.1]) = [0.029, 0.969, 0.001]; the document prints
      [0.15, 0.82, 0.03]. (Dividing by sqrt(d_k) = 2 first would give
      [0.144, 0.826, 0.030], close to but not the printed vector either.)
    * For one query the weights fix the score gaps up to a common scale (a
      temperature or 1/sqrt(d_k)): gaps(w) = (log(w_хочу/w_я), log(w_я/w_пиццу)).
      [0.3, 0.6, 0.1] gives (0.693, 1.099) and [0.15, 0.82, 0.03] gives
      (1.699, 1.609); their ratios 0.631 and 1.055 differ, so no rescaling of
      one score vector produces both.
    """
    scores = [5.2, 8.7, 2.1]
    document_weights = [0.15, 0.82, 0.03]
    first_weights = [0.3, 0.6, 0.1]
    t = torch.tensor(scores, dtype=torch.float64)
    gaps_first, gaps_second = _score_gaps(first_weights), _score_gaps(document_weights)
    ratio_first = gaps_first[0] / gaps_first[1]
    ratio_second = gaps_second[0] / gaps_second[1]
    return {
        "tokens": list(PIZZA_TOKENS),
        "scores": scores,
        "document_weights": document_weights,
        "computed_weights": softmax(t).tolist(),
        "weights_scaled_by_sqrt_4": softmax(t / 2).tolist(),
        "first_weights": first_weights,
        "score_gaps_first": gaps_first,
        "score_gaps_second": gaps_second,
        "gap_ratio_first": ratio_first,
        "gap_ratio_second": ratio_second,
        "same_query_possible": math.isclose(ratio_first, ratio_second, rel_tol=1e-3),
    }


def permutation_equivariance(
    sentence: str = "я хочу пиццу",
    perm: list[int] | None = None,
    d_model: int = 8,
    num_heads: int = 2,
    seed: int = 0,
) -> dict:
    """Self-attention on a sentence and on its permutation, without and with sinusoidal PE.

    perm defaults to reversing the words ("я хочу пиццу" -> "пиццу хочу я").
    Each word gets a seeded random embedding; one seeded MultiHeadSelfAttention
    layer is applied. Without PE, out(permuted)[i] == out(original)[perm[i]]
    (errors ~1e-16 in float64) and the mean-pooled vectors match; with PE both
    errors are of order 0.01-0.1 (0.057 and 0.047 for the defaults). Returns the errors as floats.
    """
    tokens = sentence.split()
    T = len(tokens)
    perm = list(range(T))[::-1] if perm is None else list(perm)
    if sorted(perm) != list(range(T)):
        raise ValueError(f"{perm} is not a permutation of 0..{T - 1}")
    g = torch.Generator().manual_seed(seed)
    vocab = sorted(set(tokens))
    table = torch.randn(len(vocab), d_model, generator=g, dtype=torch.float64)  # (V, d)
    with torch.random.fork_rng(devices=[]):  # seed the layer without touching the global RNG
        torch.manual_seed(seed)
        attn = MultiHeadSelfAttention(d_model, num_heads).double()
    ids = torch.tensor([vocab.index(w) for w in tokens])  # (T,)
    x = table[ids][None]  # (1, T, d) original order
    x_perm = x[:, perm]  # (1, T, d) the same words, permuted
    pe = sinusoidal_positional_encoding(T, d_model, dtype=torch.float64)[None]  # (1, T, d) by position

    def errors(a: torch.Tensor, b: torch.Tensor) -> tuple[float, float]:
        with torch.no_grad():
            out, out_perm = attn(a), attn(b)  # (1, T, d) each
        rows = (out_perm - out[:, perm]).abs().max().item()  # same word -> same vector?
        pooled = (out_perm.mean(1) - out.mean(1)).abs().max().item()  # same sentence vector?
        return rows, pooled

    rows, pooled = errors(x, x_perm)
    rows_pe, pooled_pe = errors(x + pe, x_perm + pe)  # PE goes by position, not by word
    return {
        "tokens": tokens,
        "permuted_tokens": [tokens[p] for p in perm],
        "perm": perm,
        "max_row_error_without_pe": rows,
        "max_pooled_error_without_pe": pooled,
        "max_row_error_with_pe": rows_pe,
        "max_pooled_error_with_pe": pooled_pe,
    }
