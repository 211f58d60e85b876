"""Unigram LM segmentation (Kudo, 2018): the Viterbi best split of a text into pieces.

A Unigram tokenizer gives each piece a log-probability and a segmentation the
sum of its pieces' log-probabilities; encoding picks the segmentation with the
highest sum. There are exponentially many segmentations, but the best one ending
at position j extends the best one ending at some i < j, so a left-to-right
dynamic programme over end positions finds it in O(n * L) lookups (L = the
longest piece):

    best[0] = 0,  best[j] = max over pieces text[i:j] of best[i] + log_p(text[i:j])

and a back-pointer per j recovers the pieces. This is what sentencepiece's
`--model_type=unigram` does at encoding time (training, EM with pruning, is
another matter); `tests/answers/test_unigram.py` compares with sentencepiece
and with brute-force enumeration.

Conventions:
* ties: among segmentations with the same total, the one with the longer last
  piece wins, then the longer piece before it, and so on. The DP gets this by
  scanning the start i upwards and replacing only on a strictly greater score;
* a text that no segmentation covers gives ([], -inf); the empty text gives ([], 0.0).

Tiny example, pieces {a: -1, b: -2, ab: -2.5}: "ab" -> ["ab"] (-2.5 beats -1 - 2 = -3);
with ab at -3.5, ["a", "b"] (-3) wins. Longest match is not the rule: what counts is the sum.
"""

from __future__ import annotations

import math


def viterbi(text: str, log_probs: dict[str, float]) -> tuple[list[str], float]:
    """The best segmentation of `text` into pieces of `log_probs`, and its total log-probability."""
    n = len(text)
    longest = max(map(len, log_probs), default=0)
    best = [0.0] + [-math.inf] * n  # best[j]: the best total of a segmentation of text[:j]
    start = [0] * (n + 1)  # start[j]: where the last piece of that segmentation begins
    for end in range(1, n + 1):
        for begin in range(max(0, end - longest), end):
            piece_score = log_probs.get(text[begin:end])
            if piece_score is None or best[begin] == -math.inf:
                continue
            score = best[begin] + piece_score
            if score > best[end]:  # strict: on a tie the earlier begin (longer last piece) stays
                best[end], start[end] = score, begin
    if best[n] == -math.inf:
        return [], -math.inf
    pieces, end = [], n
    while end > 0:
        pieces.append(text[start[end]:end])
        end = start[end]
    return pieces[::-1], best[n]
