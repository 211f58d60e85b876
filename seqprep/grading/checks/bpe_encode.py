"""Hidden checks for `bpe_encode(text, merges) -> list[str]`.

Expected pieces come from the reference `answers.tokenizers.bpe.bpe_encode`;
the merge lists are learned by the reference `train_bpe` on one random corpus
and applied to another, so unseen words and unseen characters appear. Crafted
merge lists (letters drawn at random) pin the rank rule: with
[(c, ba), (b, a), (c, b)], "cba" merges (b, a) first (rank 1 beats rank 2) and
then (c, ba), giving ["cba"]; a greedy leftmost merge gives ["cb", "a"] and one
pass over the list gives ["c", "ba"].

The merges cross the sandbox as JSON, so the submission receives them as a
list of 2-element lists (the statement says so).
"""

from __future__ import annotations

import numpy as np

from . import Call, Check, first_problem
from ..compare import pieces_mismatch
from .bpe_train import CYRILLIC, LATIN, letters, random_corpus, random_word

FN = "bpe_encode"


def reference(text: str, merges: list) -> list[str]:
    from answers.tokenizers.bpe import bpe_encode

    return bpe_encode(text, [tuple(m) for m in merges])


def learned(text: str, num_merges: int) -> list[list[str]]:
    from answers.tokenizers.bpe import train_bpe

    return [list(pair) for pair in train_bpe(text, num_merges)]


def _check(name: str, cases: list[tuple[str, list]], hint: str = "") -> Check:
    expected = [reference(text, merges) for text, merges in cases]

    def judge(outcomes, expected=expected):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for k, (outcome, want) in enumerate(zip(outcomes, expected)):
            message = pieces_mismatch("bpe_encode", outcome.result, want, hint, same_text=True)
            if message:
                return message if len(cases) == 1 else f"case {k + 1}: {message}"
        return None

    return Check(name, [Call(FN, [text, merges]) for text, merges in cases], judge)


def _unseen_text(rng: np.random.Generator, corpus: str, alphabet: str, extra: str, n: int) -> str:
    """Words of the corpus, new words over its letters, and words with characters it lacks."""
    seen = corpus.split()
    chars = sorted(set("".join(seen)))
    words = []
    for _ in range(n):
        r = rng.random()
        if r < 0.4:
            words.append(seen[int(rng.integers(0, len(seen)))])
        elif r < 0.8:
            words.append(random_word(rng, chars, 2, 9))
        else:
            words.append(random_word(rng, chars + letters(rng, extra, 2), 2, 7))
    return " ".join(words)


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    cases = []
    for _ in range(2):
        corpus = random_corpus(rng, LATIN, int(rng.integers(15, 30)), size=int(rng.integers(3, 6)))
        merges = learned(corpus, int(rng.integers(8, 25)))
        cases.append((_unseen_text(rng, corpus, LATIN, "0123456789", 12), merges))
    checks.append(_check("matches the reference on unseen words (merges learned from another corpus)", cases))

    corpus = random_corpus(rng, CYRILLIC, int(rng.integers(15, 30)), size=5)
    merges = learned(corpus, int(rng.integers(8, 25)))
    checks.append(_check("matches the reference on Cyrillic text",
                         [(_unseen_text(rng, corpus, CYRILLIC, "ёъ", 10), merges)]))

    # rank order: the lowest-ranked pair merges first, wherever it is in the word
    a, b, c = letters(rng, LATIN, 3)
    crafted = [(c + b + a, [[c, b + a], [b, a], [c, b]]),       # -> [cba]; leftmost -> [cb, a]; one pass -> [c, ba]
               (a + b + c, [[b, c], [a, b]]),                   # -> [a, bc]; leftmost or reversed -> [ab, c]
               (a + b + c, [[a, b], [b, c], [a, b]])]           # a pair listed twice ranks first: -> [ab, c]
    checks.append(_check("the lowest-ranked pair merges first (not the leftmost, not one pass)", crafted,
                         "merge the pair with the lowest rank among all adjacent pairs, then look again; "
                         "a pair listed twice has the rank of its first position"))

    # every occurrence of the chosen pair merges before the ranks are looked at again:
    # [(ab, a), (a, b)] on "abab": (a, b) at both places -> [ab, ab]; merging one place
    # at a time would make (ab, a) appear and give [aba, b]
    a, b, c = letters(rng, LATIN, 3)
    k = int(rng.integers(2, 4))
    crafted = [((a + b) * k, [[a + b, a], [a, b]]),
               ((a + b) * k + c + a + b, [[a, b]])]
    checks.append(_check("the chosen pair merges at every occurrence in the word", crafted,
                         "merge all occurrences of the chosen pair, left to right, before choosing again"))

    a, b = letters(rng, CYRILLIC, 2)
    n = int(rng.integers(3, 6))
    crafted = [(" ".join([a * n, a * (n + 2), a * 2]), [[a, a], [a + a, a + a]]),
               (a * 3 + " " + a + b + a + b + a, [[a, a], [b, a], [a, b]])]
    checks.append(_check("overlapping occurrences merge left to right (aaa -> aa, a)", crafted))

    a, b, c = letters(rng, LATIN, 3)
    text = f"{a} {b}\t{a}{b}\n  {b}{c} {a}  {c}{a} {b} "        # every word has at most one pair
    checks.append(_check("words are encoded separately (no merge across whitespace)",
                         [(text, [[a, b], [b, c], [c, a]])],
                         "split the text with str.split() and encode each word on its own"))

    x, y = letters(rng, LATIN, 2)
    checks.append(_check("empty text, no merges, unknown characters",
                         [("", [[x, y]]), (f"{x}{y}{x} {y}", []), (f"{x}7{y} ё{x}{y}", [[x, y]])]))

    corpus = random_corpus(rng, LATIN, 12, size=4)
    merges = learned(corpus, 6)
    original = [list(m) for m in merges]

    def unchanged(outcomes, original=original):
        problem = first_problem(outcomes)
        if problem:
            return problem
        after = outcomes[0].inputs_after
        if after is None or len(after) < 2:
            return "the inputs could not be inspected after the call"
        if [list(m) if isinstance(m, (list, tuple)) else m for m in after[1]] != original:
            return "the function modified its merges argument in place"
        return None

    checks.append(Check("does not modify the merges list",
                        [Call(FN, [corpus, merges], return_inputs=True)], unchanged))
    return checks
