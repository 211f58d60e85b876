"""A Unigram LM worked example: Viterbi's best segmentation and the E-step's posterior (pure Python).

The word "tokens" and a small vocabulary: the six characters at log-probability
-6 each, "en" at -4, and four pieces whose log-probabilities a question draws:
"token", "tok", "ens" and "s". The segmentations that matter:

    token + s        lp_token + lp_s
    tok + ens        lp_tok + lp_ens
    tok + en + s     lp_tok - 4 + lp_s
    (characters)     6 * (-6) = -36, and mixtures

Encoding takes the best sum (Viterbi, `answers.tokenizers.unigram.viterbi`);
greedy longest-match (WordPiece's rule) would always start with "token". With
lp_token = -8, lp_tok = -5, lp_ens = -5, lp_s = -4 the winner is tok + ens:
`tokens_best_score(-8.0, -5.0, -5.0, -4.0) -> -10.0`.

Training (EM) does not take only the best split: the E-step weighs every
segmentation S of a word by its posterior p(S | word) = exp(score S) / sum
over segmentations, and counts each piece with that weight; the M-step sets
log p(x) = log(expected count of x / total expected count). Pruning then drops
the pieces whose removal lowers the corpus likelihood least. `posterior`
enumerates the segmentations of a short word to show the E-step's weights.
"""

from __future__ import annotations

import math

from .tokenizers.unigram import viterbi

WORD = "tokens"


def tokens_vocabulary(lp_token: float, lp_tok: float, lp_ens: float, lp_s: float) -> dict[str, float]:
    """The example's pieces and log-probabilities ("s" is both a character and a drawn piece)."""
    pieces = {ch: -6.0 for ch in WORD}
    pieces.update({"en": -4.0, "token": lp_token, "tok": lp_tok, "ens": lp_ens, "s": lp_s})
    return pieces


def tokens_best_score(lp_token: float, lp_tok: float, lp_ens: float, lp_s: float) -> float:
    """Total log-probability of the best segmentation of "tokens" under the example's vocabulary."""
    return viterbi(WORD, tokens_vocabulary(lp_token, lp_tok, lp_ens, lp_s))[1]


def tokens_best_pieces(lp_token: float, lp_tok: float, lp_ens: float, lp_s: float) -> tuple[str, ...]:
    """The best segmentation itself: `tokens_best_pieces(-7.0, -5.0, -6.0, -3.0) -> ('token', 's')`."""
    return tuple(viterbi(WORD, tokens_vocabulary(lp_token, lp_tok, lp_ens, lp_s))[0])


def segmentations(text: str, log_probs: dict[str, float]) -> list[tuple[tuple[str, ...], float]]:
    """Every segmentation of `text` into pieces of `log_probs` with its total, best first (exponential:
    for short words only). `segmentations("ab", {"a": -1.0, "b": -1.0, "ab": -1.5})[0] -> (('ab',), -1.5)`."""
    if not text:
        return [((), 0.0)]
    found = []
    for end in range(1, len(text) + 1):
        head = text[:end]
        if head in log_probs:
            found += [((head, *rest), log_probs[head] + score) for rest, score in segmentations(text[end:], log_probs)]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def posterior(text: str, log_probs: dict[str, float]) -> list[tuple[tuple[str, ...], float]]:
    """p(S | text) for every segmentation S, the weights of the E-step, best first.
    `posterior("ab", {"a": -1.0, "b": -1.0, "ab": -1.5})[0][1] -> 0.6225` (rounded)."""
    scored = segmentations(text, log_probs)
    top = max(score for _, score in scored)
    total = math.fsum(math.exp(score - top) for _, score in scored)
    return [(pieces, math.exp(score - top) / total) for pieces, score in scored]


def tokens_posterior_top(lp_token: float, lp_tok: float, lp_ens: float, lp_s: float, k: int = 0):
    """The k-th most probable segmentation of "tokens" and its posterior, for the pages:
    `tokens_posterior_top(-8.0, -5.0, -5.0, -4.0)[0] -> ('tok', 'ens')`."""
    pieces, weight = posterior(WORD, tokens_vocabulary(lp_token, lp_tok, lp_ens, lp_s))[k]
    return pieces, weight
