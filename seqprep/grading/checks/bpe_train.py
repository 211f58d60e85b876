"""Hidden checks for `train_bpe(text, num_merges) -> list[tuple[str, str]]`.

Any tie-break among the pairs with the maximal count is accepted, so the
returned list is never compared with the reference's list. The grader replays
it instead: at each step it recounts the pairs of the corpus as segmented by
the merges so far (weighted by word frequency, every adjacent position
counted, overlaps included) with the reference's `get_pair_counts`, checks
that the submitted pair has the maximal count, and applies it with the
reference's `merge_pair` (left to right, non-overlapping).

    corpus "aaa aaa bc"  -> step 1: {(a,a): 4, (b,c): 1}, so (a,a) is the only valid merge
                         -> step 2: {(aa,a): 2, (b,c): 1}, so (aa,a); step 3: (b,c); then stop

The crafted corpora use letters drawn at random, so no answer can be
hard-coded; each is built so that one classic mistake picks a pair whose
count is not maximal (or stops too early / too late) whatever its tie-break.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

import numpy as np

from . import Call, Check, first_problem
from ..compare import describe_type

FN = "train_bpe"
LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыьэюя"
OVERLAP_WORDS = ("aaaa", "abab", "aaa", "baba", "aa", "abba")


# --- corpora (shared with the bpe-encode checks) ------------------------------------

def letters(rng: np.random.Generator, alphabet: str, k: int) -> list[str]:
    """k distinct letters of `alphabet`, in random order."""
    return [str(c) for c in rng.choice(list(alphabet), size=k, replace=False)]


def random_word(rng: np.random.Generator, alphabet, low: int = 1, high: int = 7) -> str:
    return "".join(str(c) for c in rng.choice(list(alphabet), size=int(rng.integers(low, high + 1))))


def random_corpus(rng: np.random.Generator, alphabet: str, num_words: int, *, size: int = 4,
                  overlaps: bool = True) -> str:
    """Words over `size` letters of `alphabet`, many repeated, some with runs like "aaaa"/"abab"."""
    chars = letters(rng, alphabet, size)
    stock = [random_word(rng, chars) for _ in range(max(2, num_words // 3))]
    if overlaps:
        relabel = dict(zip("ab", chars))
        stock += ["".join(relabel[c] for c in w) for w in OVERLAP_WORDS]
    words = [stock[int(rng.integers(0, len(stock)))] if rng.random() < 0.7 else random_word(rng, chars)
             for _ in range(num_words)]
    seps = [" ", " ", " ", "  ", "\n", "\t"]
    out = words[0]
    for word in words[1:]:
        out += seps[int(rng.integers(0, len(seps)))] + word
    return out


def shuffled_text(rng: np.random.Generator, words: list[str]) -> str:
    order = rng.permutation(len(words))
    return " ".join(words[i] for i in order)


# --- the replay ------------------------------------------------------------------------

def _show(pair) -> str:
    text = repr(tuple(pair))
    return text if len(text) <= 60 else text[:57] + "..."


def replay(result, text: str, num_merges: int, hint: str = "") -> Optional[str]:
    """None when `result` is a valid merge list for (text, num_merges), else a one-line message."""
    from answers.tokenizers.bpe import get_pair_counts, merge_pair

    if not isinstance(result, list):
        return f"train_bpe: returned {describe_type(result)}, expected a list of pairs"
    if len(result) > num_merges:
        return f"train_bpe: returned {len(result)} merges, but num_merges is {num_merges}"
    words: dict[tuple[str, ...], int] = {tuple(w): f for w, f in Counter(text.split()).items()}
    suffix = f" ({hint})" if hint else ""
    for step, pair in enumerate(result, start=1):
        where = f"merge {step} of {num_merges}"
        if not isinstance(pair, (tuple, list)) or len(pair) != 2 or \
                not all(type(s) is str for s in pair):
            return f"{where}: expected a pair (x, y) of two str, got {describe_type(pair)}"
        counts = get_pair_counts(words)
        if not counts:
            return (f"{where}: no adjacent pair is left at this step (every word is one symbol); "
                    f"training should have stopped after {step - 1} merges{suffix}")
        pair = tuple(pair)
        best = max(counts.values())
        got = counts.get(pair, 0)
        if got == 0:
            return (f"{where}: {_show(pair)} does not occur at this step (count 0); "
                    f"the maximal count is {best}{suffix}")
        if got != best:
            return f"{where}: {_show(pair)} has count {got} at this step, but the maximal count is {best}{suffix}"
        merged: dict[tuple[str, ...], int] = {}
        for symbols, freq in words.items():
            key = tuple(merge_pair(symbols, pair))
            merged[key] = merged.get(key, 0) + freq
        words = merged
    if len(result) < num_merges and get_pair_counts(words):
        return (f"train_bpe: stopped after {len(result)} merges (num_merges={num_merges}), "
                f"but adjacent pairs are still left{suffix}")
    return None


def _judge(cases: list[tuple[str, int]], hint: str = ""):
    def judge(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for k, (outcome, (text, num_merges)) in enumerate(zip(outcomes, cases)):
            message = replay(outcome.result, text, num_merges, hint)
            if message:
                return message if len(cases) == 1 else f"case {k + 1}: {message}"
        return None

    return judge


def _check(name: str, cases: list[tuple[str, int]], hint: str = "") -> Check:
    return Check(name, [Call(FN, [text, n]) for text, n in cases], _judge(cases, hint))


def _possible_merges(text: str) -> int:
    """An upper bound on the merges possible: the symbols that can disappear."""
    return sum(len(w) - 1 for w in set(text.split()))


# --- the checks --------------------------------------------------------------------------

def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    text = random_corpus(rng, LATIN, 8)
    n = int(rng.integers(2, 6))

    def types(outcomes, n=n):
        problem = first_problem(outcomes)
        if problem:
            return problem
        result = outcomes[0].result
        if not isinstance(result, list):
            return f"train_bpe: returned {describe_type(result)}, expected a list of pairs"
        for step, pair in enumerate(result, start=1):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2 or \
                    not all(type(s) is str for s in pair):
                return f"merge {step}: expected a pair (x, y) of two str, got {describe_type(pair)}"
        return None

    checks.append(Check("returns a list of (str, str) pairs", [Call(FN, [text, n])], types))

    cases = []
    for _ in range(3):
        text = random_corpus(rng, LATIN, int(rng.integers(10, 30)), size=int(rng.integers(3, 6)))
        cases.append((text, int(rng.integers(5, 25))))
    checks.append(_check("every merge has the maximal count (random corpora with repeated words)", cases))

    pizza = ["пиццу", "пицца", "пицце"]                      # (п,и) (и,ц) (ц,ц) tie at 3
    text = shuffled_text(rng, pizza + [random_word(rng, CYRILLIC[:8], 2, 6) for _ in range(6)])
    cyr = random_corpus(rng, CYRILLIC, int(rng.integers(12, 25)), size=5)
    checks.append(_check("every merge has the maximal count (Cyrillic words)",
                         [(text, 6), (cyr, int(rng.integers(8, 20)))]))

    # frequency: "xyxy" once gives (x,y) 2; "uv" f >= 3 times gives (u,v) f. Counting each
    # distinct word once picks (x,y); weighted counting must pick (u,v).
    x, y, u, v, w = letters(rng, LATIN, 5)
    f = int(rng.integers(3, 6))
    words = [x + y + x + y] + [u + v] * f + [w + x + u]
    checks.append(_check("pair counts are weighted by word frequency (repeated words)",
                         [(shuffled_text(rng, words), 2)],
                         "are pair counts weighted by how often each word occurs?"))

    # overlaps: "xxxx" twice has (x,x) 3 + 3 = 6; "yz" five times has 5. Non-overlapping
    # counting (str.count, or skipping after a match) sees (x,x) 4 and picks (y,z).
    x, y, z, q = letters(rng, CYRILLIC + LATIN, 4)
    words = [x * 4] * 2 + [y + z] * 5 + [q + y]
    ab = letters(rng, LATIN, 2)
    abab = [(ab[0] + ab[1]) * 2] * 3 + [ab[1] + ab[0]] * 2       # (a,b) 6, (b,a) 3 + 2 = 5
    checks.append(_check("overlapping pairs are counted at every position (aaaa, abab)",
                         [(shuffled_text(rng, words), 3), (shuffled_text(rng, abab), 3)],
                         "is every adjacent position counted, overlaps included?"))

    # updating: "xyz" three times: (x,y) 3 and (y,z) 3 tie; after merging one, the other
    # is gone. Choosing all merges from the initial counts picks a pair that no longer exists.
    x, y, z, d, e = letters(rng, LATIN, 5)
    words = [x + y + z] * 3 + [d + e] * 2
    checks.append(_check("pair counts are updated after every merge",
                         [(shuffled_text(rng, words), 3)],
                         "are the counts recomputed after each merge?"))

    # left to right, non-overlapping: "xxx" -> (xx, x); overlapping gives (xx, xx),
    # right to left gives (x, xx): either way the next merge is a pair that does not occur.
    x, y, z = letters(rng, LATIN, 3)
    words = [x * 3] * 3 + [y + z]
    checks.append(_check("a merge applies left to right without overlap (aaa -> aa, a)",
                         [(shuffled_text(rng, words), 3)],
                         "does (a, a) turn a, a, a into aa, a?"))

    # whole symbols: "ca" x4 + "cab" + "ab" x3: merge (c,a) 5, then (a,b) 3; "ca b" must stay
    # as it is, then (ca, b). Replacing "a b" in a space-joined string would also glue "ca b".
    c, a, b = letters(rng, LATIN, 3)
    words = [c + a] * 4 + [c + a + b] + [a + b] * 3
    checks.append(_check("a merge joins two whole symbols (never part of a longer symbol)",
                         [(shuffled_text(rng, words), 3)],
                         "does the merge match whole symbols only?"))

    # no end-of-word marker: "xa ya za wa" (each pair once); a marker would make (a, </w>) 4
    a, *firsts = letters(rng, LATIN, 5)
    words = [ch + a for ch in firsts]
    checks.append(_check("no end-of-word marker: pairs are only inside words",
                         [(shuffled_text(rng, words), 2)],
                         "pairs are formed only from the characters of each word"))

    # stopping: more merges asked than possible; single-character words; num_merges = 0
    text = random_corpus(rng, LATIN, int(rng.integers(4, 8)), size=3)
    singles = " ".join(letters(rng, LATIN, 4))
    x = letters(rng, LATIN, 1)[0]
    checks.append(_check("stops early when no pair is left",
                         [(text, _possible_merges(text) + int(rng.integers(3, 10))),
                          (singles, 3), (x * 3, 5), (text, 0)]))
    return checks
