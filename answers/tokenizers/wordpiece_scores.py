"""What WordPiece training ranks pairs by, next to frequency and pair probability.

Words start as characters, every non-initial one prefixed with "##". BPE merges
the most frequent adjacent pair. WordPiece merges the pair with the highest

    score(a, b) = count(ab) / (count(a) * count(b)),

the likelihood gain of merging (proportional to p(ab) / (p(a) p(b))): a pair of
rare symbols that always occur together beats a pair of common ones. The pair's
own probability p(ab) = count(ab) / (number of pairs) ranks pairs exactly like
its count, so "probability, not frequency" only makes sense as this ratio.

On "пиццу пицца пицце": п+##и, ##и+##ц and ##ц+##ц all occur 3 times, a
three-way tie for BPE, but their scores are 1/3, 1/6 and 1/12 (##ц occurs 6
times): WordPiece picks п+##и.

    >>> {s.pair: round(s.score, 4) for s in pair_stats("пиццу пицца пицце") if s.count == 3}
    {('п', '##и'): 0.3333, ('##и', '##ц'): 0.1667, ('##ц', '##ц'): 0.0833}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

Pair = tuple[str, str]


@dataclass(frozen=True)
class PairStat:
    pair: Pair
    count: int           # occurrences of the adjacent pair
    probability: float   # count / all adjacent pairs
    score: float         # count(ab) / (count(a) * count(b))


def initial_symbols(word: str) -> list[str]:
    """`initial_symbols("abc") -> ["a", "##b", "##c"]`."""
    return [ch if i == 0 else "##" + ch for i, ch in enumerate(word)]


def pair_stats(text: str) -> list[PairStat]:
    """Every adjacent pair of the words of `text`, best WordPiece score first (ties: by pair)."""
    symbols: Counter = Counter()
    pairs: Counter = Counter()
    for word, freq in Counter(text.split()).items():
        pieces = initial_symbols(word)
        for piece in pieces:
            symbols[piece] += freq
        for pair in zip(pieces, pieces[1:]):
            pairs[pair] += freq
    total = sum(pairs.values())
    stats = [PairStat(p, c, c / total, c / (symbols[p[0]] * symbols[p[1]])) for p, c in pairs.items()]
    return sorted(stats, key=lambda s: (-s.score, s.pair))


def best_pairs(text: str, by: str) -> tuple[Pair, ...]:
    """The pairs tied for the top under `by` = "count", "probability" or "score" (sorted)."""
    stats = pair_stats(text)
    top = max(getattr(s, by) for s in stats)
    return tuple(sorted(s.pair for s in stats if getattr(s, by) == top))
