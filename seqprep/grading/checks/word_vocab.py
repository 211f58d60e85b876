"""Hidden checks for `build_vocab(texts, min_freq=1, specials=("[PAD]", "[UNK]"))` and
`encode(text, vocab)`.

Expected values come from the reference `answers.tokenizers.word_level`.
Random texts (Latin, Cyrillic, capitals, mixed whitespace) are compared with
it, and crafted texts (words drawn at random) pin each convention:

    ["b a b", "c a b"]                 -> {[PAD]: 0, [UNK]: 1, b: 2, a: 3, c: 4}   (count descending)
    ["z y x", "y z"]                   -> ..., y, z, x      (ties alphabetical, not by first occurrence)
    ["[UNK] a [UNK]"]                  -> {[PAD]: 0, [UNK]: 1, a: 2}   (a special keeps its id, once)
    encode("a d", {..., "[UNK]": 7})   -> [id of a, 7]      (unknown words are not skipped)

The specials cross the sandbox as JSON, so the submission receives a list.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from . import Call, Check, first_problem
from ..compare import describe_type
from .bpe_train import CYRILLIC, LATIN, random_word

SEPS = (" ", " ", " ", "  ", "\t", "\n", " \n ")
SPECIAL_POOL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "<s>", "</s>", "[MASK]")


def reference_vocab(texts: list, **kwargs) -> dict:
    from answers.tokenizers.word_level import build_vocab

    return build_vocab(texts, **kwargs)


def reference_encode(text: str, vocab: dict) -> list:
    from answers.tokenizers.word_level import encode

    return encode(text, vocab)


def vocab_mismatch(got, expected: dict, hint: str = "") -> Optional[str]:
    suffix = f" ({hint})" if hint else ""
    if not isinstance(got, dict):
        return f"build_vocab: returned {describe_type(got)}, expected a dict"
    bad = next((v for v in got.values() if type(v) is not int), None)
    if bad is not None:
        return f"build_vocab: a value is {describe_type(bad)}, expected int ids"
    if got == expected:
        return None
    missing = sum(1 for k in expected if k not in got)
    extra = sum(1 for k in got if k not in expected)
    if missing:
        return f"build_vocab: {missing} expected entries are missing ({len(got)} entries, expected {len(expected)}){suffix}"
    if extra:
        return f"build_vocab: {extra} unexpected entries ({len(got)} entries, expected {len(expected)}){suffix}"
    if sorted(got.values()) != list(range(len(got))):
        return f"build_vocab: the ids are not 0 .. {len(got) - 1}, each used once{suffix}"
    wrong = sorted(i for k, i in expected.items() if got[k] != i)
    return f"build_vocab: {len(wrong)} entries have the wrong id; the first is the one expected at id {wrong[0]}{suffix}"


def ids_mismatch(got, expected: list, hint: str = "") -> Optional[str]:
    suffix = f" ({hint})" if hint else ""
    if not isinstance(got, list):
        return f"encode: returned {describe_type(got)}, expected a list of int"
    bad = next((v for v in got if type(v) is not int), None)
    if bad is not None:
        return f"encode: the list holds {describe_type(bad)}, expected int ids"
    if got == expected:
        return None
    if len(got) != len(expected):
        return f"encode: {len(got)} ids for a text of {len(expected)} words (one id per word){suffix}"
    first = next(i for i, (g, e) in enumerate(zip(got, expected)) if g != e)
    return f"encode: first wrong id at word {first}{suffix}"


def _vocab_check(name: str, cases: list[tuple[list, dict]], hint: str = "") -> Check:
    expected = [reference_vocab(texts, **kwargs) for texts, kwargs in cases]

    def judge(outcomes, expected=expected):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for k, (outcome, want) in enumerate(zip(outcomes, expected)):
            message = vocab_mismatch(outcome.result, want, hint)
            if message:
                return message if len(cases) == 1 else f"case {k + 1}: {message}"
        return None

    return Check(name, [Call("build_vocab", [texts], kwargs) for texts, kwargs in cases], judge)


def _encode_check(name: str, cases: list[tuple[str, dict]], hint: str = "") -> Check:
    expected = [reference_encode(text, vocab) for text, vocab in cases]

    def judge(outcomes, expected=expected):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for k, (outcome, want) in enumerate(zip(outcomes, expected)):
            message = ids_mismatch(outcome.result, want, hint)
            if message:
                return message if len(cases) == 1 else f"case {k + 1}: {message}"
        return None

    return Check(name, [Call("encode", [text, vocab]) for text, vocab in cases], judge)


def join(rng: np.random.Generator, words: list[str]) -> str:
    out = words[0] if words else ""
    for word in words[1:]:
        out += SEPS[int(rng.integers(0, len(SEPS)))] + word
    return out


def distinct_words(rng: np.random.Generator, n: int, alphabet: str) -> list[str]:
    words: list[str] = []
    while len(words) < n:
        w = random_word(rng, alphabet, 1, 6)
        if rng.random() < 0.15:
            w = w[0].upper() + w[1:]
        if w not in words:
            words.append(w)
    return words


def texts_from_counts(rng: np.random.Generator, counts: dict, num_texts: int) -> list[str]:
    """Texts holding each word exactly counts[word] times, shuffled, with mixed whitespace."""
    bag = [w for w, c in counts.items() for _ in range(c)]
    bag = [bag[i] for i in rng.permutation(len(bag))]
    cuts = sorted(int(c) for c in rng.choice(np.arange(1, len(bag)), size=num_texts - 1, replace=False))
    parts = np.split(np.array(bag, dtype=object), cuts)
    return [join(rng, list(p)) for p in parts]


def random_texts(rng: np.random.Generator, alphabet: str) -> list[str]:
    words = distinct_words(rng, int(rng.integers(8, 14)), alphabet)
    counts = {w: int(rng.integers(1, 6)) for w in words}
    return texts_from_counts(rng, counts, int(rng.integers(2, 5)))


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    checks.append(_vocab_check("build_vocab matches the reference (default min_freq and specials)",
                               [(random_texts(rng, LATIN[:8]), {}), (random_texts(rng, CYRILLIC[:8]), {})]))

    # ties: words of equal count whose first occurrences are in reverse alphabetical order
    words = sorted(distinct_words(rng, 6, LATIN[:6] + CYRILLIC[:4]))
    top, tied, low = words[0], words[1:4], words[4:]
    order = [top] * 4 + [w for w in reversed(tied) for _ in range(2)] + [w for w in reversed(low)]
    texts = [join(rng, order[:7]), join(rng, order[7:])]
    checks.append(_vocab_check("frequency descending, ties in alphabetical (str) order", [(texts, {})],
                               "sort by (-count, word)"))

    specials = [str(s) for s in rng.choice(SPECIAL_POOL, size=int(rng.integers(3, 5)), replace=False)]
    if specials == sorted(specials):
        specials = specials[::-1]
    texts = random_texts(rng, LATIN[:6])
    checks.append(_vocab_check("specials come first, in the order given",
                               [(texts, {"specials": specials}), (texts, {"specials": []})],
                               "specials[i] gets id i, words follow"))

    m = int(rng.integers(2, 4))
    words = distinct_words(rng, 8, LATIN[:8])
    counts = {w: c for w, c in zip(words, [m - 1, m, m + 1, m, m - 1, m + 2, 1, m])}
    texts = texts_from_counts(rng, counts, 3)
    checks.append(_vocab_check("min_freq keeps words seen at least min_freq times",
                               [(texts, {"min_freq": m}), (texts, {"min_freq": 1})],
                               "a word seen exactly min_freq times is kept"))

    words = distinct_words(rng, 5, CYRILLIC[:8])
    counts = {w: int(rng.integers(1, 4)) for w in words}
    counts.update({"[UNK]": 5, "[PAD]": 2})
    texts = texts_from_counts(rng, counts, 2)
    checks.append(_vocab_check("a special token in the text keeps its special id and is not added again",
                               [(texts, {})], "skip words that are already specials"))

    # encode with a vocabulary where [UNK] is not at id 1 and ids are in no particular order
    words = distinct_words(rng, 7, LATIN[:7] + CYRILLIC[:3])
    known, unknown = words[:5], words[5:]
    entries = known + ["[UNK]", "[PAD]"]
    ids = rng.permutation(len(entries)) + int(rng.integers(0, 3))
    vocab = {w: int(i) for w, i in zip(entries, ids)}
    if vocab["[UNK]"] == 1:
        vocab["[UNK]"], vocab[known[0]] = vocab[known[0]], 1
    text = join(rng, [str(w) for w in rng.choice(known + unknown + ["[PAD]"], size=12)] + [unknown[0]])
    built = reference_vocab(random_texts(rng, LATIN[:6]))
    built_words = [w for w in built if not w.startswith("[")]
    text2 = join(rng, [built_words[int(i)] for i in rng.integers(0, len(built_words), size=6)] + ["zzzz"])
    checks.append(_encode_check("encode maps known words to their ids and unknown words to the [UNK] id",
                                [(text, vocab), (text2, built)],
                                "use vocab[\"[UNK]\"] for a word the vocabulary lacks"))

    unk_only = join(rng, unknown * 3)
    checks.append(_encode_check("encode gives one id per word (unknown words are not skipped)",
                                [(unk_only, vocab), ("", vocab)]))
    return checks
