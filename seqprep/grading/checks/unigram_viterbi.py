"""Hidden checks for `viterbi_segment(text, log_probs) -> (pieces, score)`.

Expected answers come from `answers.tokenizers.unigram.viterbi` (tested against
brute-force enumeration and against sentencepiece's Unigram encoder). Random
vocabularies and texts (Latin and Cyrillic) are compared with it, and a case is
built for each rule, with letters drawn at random:

    {ab, a, bc, b, c}: "abc" -> [a, bc]         the best sum, not the longest piece first
    {abc, a, b, c}:    "abc" -> [a, b, c]       the best sum, not the fewest pieces
    {a, ab, c, bc, b}: "abc" -> [ab, c]         not the most probable first piece
    ties:              equal sums (all scores are multiples of 1/64, so sums are exact in
                       any order and equal sums are real ties); the longer last piece wins
    "" -> ([], 0.0); a text with a character no piece has -> ([], -inf)
    a long text over two letters (exponentially many segmentations), last
"""

from __future__ import annotations

import math
from typing import Optional

import numpy as np

from . import Call, Check, first_problem
from .bpe_train import CYRILLIC, LATIN, letters, random_word
from ..compare import pieces_mismatch

FN = "viterbi_segment"
GRID = 64  # every log-probability is a multiple of 1/64: sums are exact in any order, equal sums are real ties


def reference(text: str, log_probs: dict) -> tuple[list[str], float]:
    from answers.tokenizers.unigram import viterbi

    return viterbi(text, log_probs)


def judge_answer(outcome, want: tuple, hint: str = "") -> Optional[str]:
    result = outcome.result
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return "expected a tuple (pieces, score)"
    pieces, score = result
    message = pieces_mismatch("pieces", pieces, want[0], hint, same_text=bool(want[0]))
    if message:
        return message
    if type(score) not in (float, int):
        return "score: expected a Python float"
    if math.isinf(want[1]):
        return None if score == want[1] else "score: expected -inf when no segmentation covers the text"
    if not abs(score - want[1]) <= 1e-9 * max(1.0, abs(want[1])):
        return f"score: {score:.6g}, expected {want[1]:.6g} (the sum of the pieces' log-probabilities)"
    return None


def segment_check(name: str, cases: list[tuple[str, dict]], hint: str = "") -> Check:
    wanted = [reference(text, vocab) for text, vocab in cases]

    def judge(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for k, (outcome, want) in enumerate(zip(outcomes, wanted)):
            message = judge_answer(outcome, want, hint)
            if message:
                return message if len(cases) == 1 else f"text {k + 1}: {message}"
        return None

    return Check(name, [Call(FN, [text, vocab]) for text, vocab in cases], judge)


def random_vocab(rng: np.random.Generator, chars: list[str], dyadic: bool = False) -> dict[str, float]:
    """Every single character (so every text over `chars` is covered) plus multi-character pieces."""
    pieces = set(chars)
    for _ in range(int(rng.integers(12, 25))):
        pieces.add(random_word(rng, chars, 2, 5))
    if dyadic:  # halves: many equal totals
        return {p: -float(rng.integers(1, 9)) / 2 for p in sorted(pieces)}
    return {p: -float(rng.integers(32, 513)) / GRID for p in sorted(pieces)}


def _scored(rng: np.random.Generator, spec: dict[str, float]) -> dict[str, float]:
    """Crafted scores with a little noise (on the grid), so that no tie happens by accident."""
    return {p: s + float(rng.integers(-3, 4)) / GRID for p, s in spec.items()}


def texts_with(vocab: dict, texts: list[str]) -> list[tuple[str, dict]]:
    return [(text, vocab) for text in texts]


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    chars = letters(rng, LATIN, int(rng.integers(3, 6)))
    vocab = random_vocab(rng, chars)
    vocab[random_word(rng, chars, 6, 8)] = -float(rng.integers(32, 513)) / GRID  # a piece longer than some texts
    texts = [random_word(rng, chars, 1, 1), random_word(rng, chars, 2, 3)]
    checks.append(segment_check("matches the reference on random texts and vocabularies",
                                texts_with(vocab, texts + [random_word(rng, chars, 4, 25) for _ in range(4)])))
    chars = letters(rng, CYRILLIC, int(rng.integers(3, 6)))
    vocab = random_vocab(rng, chars)
    checks.append(segment_check("matches the reference on Cyrillic texts",
                                [(random_word(rng, chars, 1, 25), vocab) for _ in range(4)]))

    a, b, c = letters(rng, LATIN, 3)
    checks.append(segment_check("the best sum, not the longest piece first",
                                [(a + b + c, _scored(rng, {a + b: -1.0, a: -1.0, b + c: -1.0, b: -5.0, c: -5.0}))],
                                "maximize the total log-probability over all segmentations"))
    a, b, c = letters(rng, CYRILLIC, 3)
    checks.append(segment_check("the best sum, not the fewest pieces",
                                [(a + b + c, _scored(rng, {a + b + c: -10.0, a: -1.0, b: -1.0, c: -1.0})),
                                 (a + b + c + a, _scored(rng, {a + b + c + a: -9.0, a: -1.5, b: -1.5, c: -1.5}))],
                                "more pieces can have a higher total"))
    a, b, c = letters(rng, LATIN, 3)
    checks.append(segment_check("the best sum, not the most probable first piece",
                                [(a + b + c, _scored(rng, {a: -0.1, a + b: -1.0, c: -0.5, b + c: -5.0, b: -5.0}))],
                                "a good first piece can force a bad rest"))

    # ties: dyadic scores, one built tie and random ones
    a, b = letters(rng, LATIN, 2)
    built = {a: -1.0, b: -1.0, a + b: -2.0, b + a: -2.0}
    chars = letters(rng, LATIN, 3)
    vocab = random_vocab(rng, chars, dyadic=True)
    checks.append(segment_check("ties: the longer last piece wins, then the one before it",
                                [(a + b + a, built), (b + a + b + a, dict(built, **{a + b + a: -3.0}))]
                                + [(random_word(rng, chars, 3, 14), vocab) for _ in range(4)],
                                "equal sums: prefer the longer last piece, then the longer piece before it"))

    chars = letters(rng, CYRILLIC, 3)
    checks.append(segment_check("the empty text gives ([], 0.0)", [("", random_vocab(rng, chars))]))
    chars = letters(rng, LATIN, 4)
    vocab = random_vocab(rng, chars[:3])
    text = random_word(rng, chars[:3], 2, 8)
    cut = int(rng.integers(0, len(text) + 1))
    a, b = chars[:2]
    checks.append(segment_check("a text no segmentation covers gives ([], -inf)",
                                [(text[:cut] + chars[3] + text[cut:], vocab), (a + b + a, {a: -1.0, b + a + b: -1.0})]))

    # a long text over two letters: exponentially many segmentations, a DP is linear (keep this check last)
    a, b = letters(rng, LATIN, 2)
    vocab = {p: -float(rng.integers(32, 257)) / GRID for p in {a, b, a + a, a + b, b + a, a + a + b, a + b + a, b + b}}
    text = "".join(rng.choice([a, b], size=int(rng.integers(300, 400))))
    checks.append(segment_check("a long text (hundreds of characters) within the time limit", [(text, vocab)]))
    return checks
