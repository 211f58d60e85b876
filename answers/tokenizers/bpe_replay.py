"""Replay a given list of BPE merges and check each one against the training rule.

BPE training merges, at every step, a pair with the highest count. A merge
order written down by hand (the notes' "(ц, ц), then (п, и), then (пи, цц)") is
a valid training run exactly when every listed pair has the highest count at
its step; when other pairs tie with it, the order is one of several valid
tie-breaks.

    >>> [(s.pair, s.count, s.best_count, len(s.best_pairs))
    ...  for s in replay_merges("пиццу пицца пицце", [("ц", "ц"), ("п", "и"), ("пи", "цц")])]
    [(('ц', 'ц'), 3, 3, 3), (('п', 'и'), 3, 3, 2), (('пи', 'цц'), 3, 3, 1)]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from .bpe import Pair, get_pair_counts, merge_pair


@dataclass(frozen=True)
class ReplayStep:
    """One listed merge: its count at that step, the highest count, and every pair that has it (sorted)."""

    pair: Pair
    count: int
    best_count: int
    best_pairs: tuple[Pair, ...]

    @property
    def valid(self) -> bool:
        """The pair is one that training could have picked at this step."""
        return self.count == self.best_count


def replay_merges(text: str, merges: Sequence[Pair]) -> list[ReplayStep]:
    """Apply `merges` in order to the words of `text` (split on whitespace), recording each step."""
    words: dict[tuple[str, ...], int] = {tuple(w): f for w, f in Counter(text.split()).items()}
    steps = []
    for pair in merges:
        counts = get_pair_counts(words)
        best = max(counts.values(), default=0)
        steps.append(ReplayStep(tuple(pair), counts.get(tuple(pair), 0), best,
                                tuple(sorted(p for p, c in counts.items() if c == best))))
        merged: dict[tuple[str, ...], int] = {}
        for symbols, freq in words.items():
            key = tuple(merge_pair(symbols, tuple(pair)))
            merged[key] = merged.get(key, 0) + freq
        words = merged
    return steps
