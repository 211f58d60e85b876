"""Beam search with length normalization, over a bigram scoring table.

The "model" is a table log_probs [V, V]: log_probs[a, b] is the score of token
b right after token a (a bigram model; any scoring function of the prefix
would do). A hypothesis y_1 .. y_n (bos not included, y_0 = bos) has the raw score

    S(y) = sum_t log_probs[y_{t-1}, y_t]

and the length-normalized score S(y) / n^alpha (alpha = 0: the raw sum, which
favors short outputs since every token adds a negative log-probability;
alpha = 1: the mean per token; GNMT's ((5 + n) / 6)^alpha is a smoother variant).

The algorithm, with every choice pinned (`tests/answers/test_beam_search.py`):

1. Start with one live hypothesis, the empty one (raw score 0).
2. Each step extends every live hypothesis by every token 0 .. V-1 and keeps the
   beam_size candidates with the highest raw score; ties go to the token list
   that is smaller as a Python list (lexicographic).
3. A kept candidate that ends with eos is finished and leaves the beam, so the
   beam shrinks; the others stay live. Stop when none is live or after max_len steps;
   hypotheses still live then are finished as they are, without eos.
4. Return the finished hypothesis with the highest S / n^alpha (n counts eos,
   not bos), ties again to the smaller token list, with that normalized score.

The length penalty is applied only in step 4: inside the beam all candidates
have the same length, so normalizing there would not change the ranking.

beam_size = 1 is greedy decoding; a beam at least V^max_len wide keeps every
candidate and so is exact search. Tiny example, V = 3, bos = 0, eos = 2, a table where
the greedy first step (token 1, -0.4) leads only to bad continuations:
    log_probs = [[-5, -0.4, -1.1], [-5, -5, -3], [...]]  -> greedy [1, 2] scores -3.4,
    a beam of 2 finds [2] with -1.1.
"""

from __future__ import annotations

import torch


def beam_search(log_probs: torch.Tensor, bos: int, eos: int, beam_size: int, max_len: int,
                alpha: float = 0.0) -> tuple[list[int], float]:
    """The best finished hypothesis (token ids without bos) and its normalized score."""
    V = log_probs.shape[0]
    table = log_probs.tolist()  # Python floats: the sums below are exact float64 additions
    live: list[tuple[tuple[int, ...], float]] = [((), 0.0)]  # (tokens, raw score)
    finished: list[tuple[tuple[int, ...], float]] = []
    for _ in range(max_len):
        candidates = [(tokens + (w,), score + table[tokens[-1] if tokens else bos][w])
                      for tokens, score in live for w in range(V)]
        candidates.sort(key=lambda c: (-c[1], c[0]))  # best raw score first, then smaller list
        live = []
        for tokens, score in candidates[:beam_size]:
            (finished if tokens[-1] == eos else live).append((tokens, score))
        if not live:
            break
    finished += live  # ran out of steps: unfinished hypotheses compete as they are

    def normalized(score: float, tokens: tuple) -> float:
        return score / len(tokens) ** alpha

    tokens, score = min(finished, key=lambda c: (-normalized(c[1], c[0]), c[0]))
    return list(tokens), normalized(score, tokens)
