"""Hidden checks for `wordpiece_tokenize(word, vocab, unk="[UNK]", max_chars=100) -> list[str]`.

Expected pieces come from the reference `answers.tokenizers.wordpiece`.
Random words and vocabularies (Latin and Cyrillic) are compared with it, and
crafted cases (letters drawn at random) pin each rule:

    vocab {a, ab, abc, ##b, ##c, ##d, ##cd}: "abcd" -> [abc, ##d]   (longest first, not [a, ##b, ##c, ##d])
    vocab {ab, ##ab}: "abab" -> [ab, ##ab]                          ("##" on every later piece only)
    vocab {ab, ##c}: "abd" -> [[UNK]]                                (one [unk] for the whole word)
    vocab {ab, a, ##bc}: "abc" -> [[UNK]]                            (greedy, no backtracking)

The vocabulary crosses the sandbox as JSON, so the submission receives a list
of str (the statement says so).
"""

from __future__ import annotations

import numpy as np

from . import Call, Check, first_problem
from ..compare import pieces_mismatch
from .bpe_train import CYRILLIC, LATIN, letters, random_word

FN = "wordpiece_tokenize"


def reference(word: str, vocab: list, unk: str = "[UNK]", max_chars: int = 100) -> list[str]:
    from answers.tokenizers.wordpiece import wordpiece_tokenize

    return wordpiece_tokenize(word, set(vocab), unk, max_chars)


def _check(name: str, cases: list[tuple[str, list, dict]], hint: str = "") -> Check:
    """cases: (word, vocab list, kwargs); one call per case."""
    expected = [reference(word, vocab, **kwargs) for word, vocab, kwargs in cases]

    def judge(outcomes, expected=expected):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for k, (outcome, want) in enumerate(zip(outcomes, expected)):
            message = pieces_mismatch("wordpiece_tokenize", outcome.result, want, hint)
            if message:
                return message if len(cases) == 1 else f"word {k + 1}: {message}"
        return None

    return Check(name, [Call(FN, [word, vocab], kwargs) for word, vocab, kwargs in cases], judge)


def _shuffled(rng: np.random.Generator, items) -> list[str]:
    items = sorted(set(items))
    return [items[i] for i in rng.permutation(len(items))]


def random_case(rng: np.random.Generator, alphabet: str, num_words: int) -> tuple[list[str], list[str]]:
    """Words over a few letters and a vocabulary of their prefixes and "##" fragments.

    One letter has no "##" single-character piece and one word has a letter that no piece
    holds, so some words cannot be covered.
    """
    chars = letters(rng, alphabet, int(rng.integers(4, 6)))
    words = [random_word(rng, chars, 2, 10) for _ in range(num_words)]
    vocab = set(chars)
    vocab |= {"##" + c for c in chars[1:]}
    for w in words:
        for _ in range(2):
            vocab.add(w[: int(rng.integers(1, min(5, len(w)) + 1))])
            start = int(rng.integers(1, len(w)))
            vocab.add("##" + w[start: start + int(rng.integers(1, 4))])
        if rng.random() < 0.2:
            vocab.add(w)
    stranger = letters(rng, "".join(sorted(set(alphabet) - set(chars))), 1)[0]   # in no piece at all
    broken = random_word(rng, chars, 2, 6)
    cut = int(rng.integers(1, len(broken)))
    words += [random_word(rng, chars, 1, 3), words[0], broken[:cut] + stranger + broken[cut:]]
    return words, _shuffled(rng, vocab)


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    words, vocab = random_case(rng, LATIN, 10)
    checks.append(_check("matches the reference on random words and vocabularies",
                         [(w, vocab, {}) for w in words]))

    words, vocab = random_case(rng, CYRILLIC, 8)
    checks.append(_check("matches the reference on Cyrillic words", [(w, vocab, {}) for w in words]))

    a, b, c, d = letters(rng, LATIN, 4)
    vocab = _shuffled(rng, [a, a + b, a + b + c, b, "##" + b, "##" + c, "##" + d, "##" + c + d])
    checks.append(_check("longest match first",
                         [(a + b + c + d, vocab, {}), (b + c + d, vocab, {})],
                         "take the longest piece in the vocabulary at each position"))

    a, b = letters(rng, CYRILLIC, 2)
    ab = a + b
    checks.append(_check('"##" marks every non-initial piece, and only those',
                         [(ab * 2, _shuffled(rng, [ab, "##" + ab]), {}),
                          (ab * 3, _shuffled(rng, [ab, b]), {}),
                          (ab, _shuffled(rng, ["##" + ab, "##" + a]), {})],
                         'a later piece is looked up as "##" + text, the first one without "##"'))

    a, b, c, d = letters(rng, LATIN, 4)
    vocab = _shuffled(rng, [a + b, "##" + c, "##" + b, "##"])   # the bare "##" covers no character
    checks.append(_check("a word that cannot be covered is a single [unk]",
                         [(a + b + d, vocab, {}), (d + a + b, vocab, {}), (a + b + c + d + c, vocab, {})],
                         "if any position matches nothing, return [unk] alone for the whole word; a piece "
                         "covers at least one character, so the bare \"##\" never matches"))

    unk = str(rng.choice(["<unk>", "[OOV]", "<?>", "UNK!"]))
    a, b, c = letters(rng, LATIN, 3)
    vocab = _shuffled(rng, [a, "##" + b])
    checks.append(_check("uses the unk string it is given",
                         [(a + c, vocab, {"unk": unk}), (a + b + b, vocab, {"unk": unk})]))

    m = int(rng.integers(3, 9))
    x, y = letters(rng, CYRILLIC, 2)
    vocab = _shuffled(rng, [x, "##" + x, x * (m + 1), y])
    checks.append(_check("max_chars: a word of max_chars characters is split, a longer one is [unk]",
                         [(x * m, vocab, {"max_chars": m}), (x * (m + 1), vocab, {"max_chars": m}),
                          (y, vocab, {"max_chars": 1})],
                         "only a word with len(word) > max_chars is [unk] outright"))

    x = letters(rng, LATIN, 1)[0]
    vocab = [x, "##" + x]
    checks.append(_check("max_chars defaults to 100",
                         [(x * 100, vocab, {}), (x * 101, vocab, {})]))

    a, b, c = letters(rng, LATIN, 3)
    checks.append(_check("greedy, not a search: no backtracking after a dead end",
                         [(a + b + c, _shuffled(rng, [a + b, a, "##" + b + c]), {})],
                         "the longest first piece is kept even if the rest then fails"))
    return checks
