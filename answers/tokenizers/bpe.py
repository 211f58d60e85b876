"""Byte-pair encoding (BPE): training, encoding by rank, and a tokenizer.

Training starts from characters and repeatedly merges the most frequent
adjacent pair into a new symbol. The conventions (the `bpe-train` contract):

* words = `text.split()`, each a sequence of characters, no end-of-word marker;
* a pair's count is summed over every adjacent position of every word,
  weighted by the word's frequency; overlaps count: "aaa" has (a, a) twice;
* a merge rewrites each word left to right, non-overlapping:
  `merge_pair(["a", "a", "a"], ("a", "a")) -> ["aa", "a"]`;
* tie-break: among the pairs with the maximal count, take the smallest
  (left, right) in Python's string order;
* training stops early when every word is a single symbol.

Worked example, "пиццу пицца пицце": the pairs (п,и), (и,ц) and (ц,ц) all
occur 3 times. The source document merges (ц,ц) first, which is one valid
choice among the tied pairs; under the rule above the first merge is (и,ц),
because "и" < "п" < "ц". `trace_merges` reports every tied pair, so both
readings can be shown. After three merges both reach "пицц".

Two trainers with the same tie-break:
* `train_bpe` keeps the pair counts and an index pair -> words containing it,
  and after each merge updates only the words that contain the merged pair
  (subtract their old pairs, add their new ones); a heap of (-count, pair)
  with lazy deletion finds the best pair;
* `train_bpe_naive` recounts every pair after every merge: O(corpus) per
  merge, kept as an independent reference and for the benchmark.

`bpe_encode` applies the learned merges to new text by rank: in each word,
merge the adjacent pair with the lowest rank (earliest merge), repeat until
no adjacent pair is a merge. For merge lists that come out of training this
equals replaying the merges in order.

Pure Python, no torch.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from .base import TextOrTexts, Tokenizer, as_texts

Pair = tuple[str, str]


def get_pair_counts(word_freqs: dict[tuple[str, ...], int]) -> Counter:
    """Count adjacent pairs, weighted by word frequency, overlaps included.

    `get_pair_counts({("a", "b", "a", "b"): 1, ("a", "a", "a"): 2})`
    -> {("a", "b"): 2, ("b", "a"): 1, ("a", "a"): 4}
    """
    counts: Counter = Counter()
    for symbols, freq in word_freqs.items():
        for pair in zip(symbols, symbols[1:]):
            counts[pair] += freq
    return counts


def merge_pair(symbols: Sequence[str], pair: Pair) -> list[str]:
    """Replace every occurrence of `pair`, left to right, non-overlapping.

    `merge_pair(["a", "a", "a"], ("a", "a")) -> ["aa", "a"]`,
    `merge_pair(["a", "b", "a", "b"], ("a", "b")) -> ["ab", "ab"]`.
    """
    left, right = pair
    out: list[str] = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
            out.append(left + right)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def best_pair(counts: dict[Pair, int]) -> Pair:
    """Max count, ties -> smallest pair: `best_pair({("b","a"): 2, ("a","c"): 2}) -> ("a","c")`."""
    return min(counts, key=lambda pair: (-counts[pair], pair))


@dataclass(frozen=True)
class MergeStep:
    """One training step: the merged pair, its count, every pair tied with it
    (sorted, so `ties[0] == pair`), and each distinct word's symbols after it."""

    pair: Pair
    count: int
    ties: tuple[Pair, ...]
    segmentation: dict[str, tuple[str, ...]]


class BPETrainer:
    """Incremental BPE training state over a {word: frequency} table.

        trainer = BPETrainer({"aaa": 1})
        trainer.best()              -> (("a", "a"), 2)
        trainer.merge(("a", "a"))
        trainer.segmentation()      -> {"aaa": ("aa", "a")}
    """

    def __init__(self, word_freqs: dict[str, int]):
        self.keys = list(word_freqs)                       # the distinct words
        self.freqs = [word_freqs[w] for w in self.keys]
        self.words = [list(w) for w in self.keys]          # current symbols of each word
        self.counts: dict[Pair, int] = {}
        self.where: dict[Pair, set[int]] = {}              # pair -> indices of words containing it
        for index, symbols in enumerate(self.words):
            for pair in zip(symbols, symbols[1:]):
                self.counts[pair] = self.counts.get(pair, 0) + self.freqs[index]
                self.where.setdefault(pair, set()).add(index)
        self._heap = [(-count, pair) for pair, count in self.counts.items()]
        heapq.heapify(self._heap)

    def best(self) -> Optional[tuple[Pair, int]]:
        """(pair, count) with the max count, smallest pair on ties; None when no pair is left."""
        while self._heap:
            neg_count, pair = self._heap[0]
            if self.counts.get(pair) == -neg_count:
                return pair, -neg_count
            heapq.heappop(self._heap)                      # stale: the count changed since the push
        return None

    def tied(self, count: int) -> tuple[Pair, ...]:
        """Every pair whose count is `count`, sorted (a full scan; for traces)."""
        return tuple(sorted(pair for pair, c in self.counts.items() if c == count))

    def merge(self, pair: Pair) -> None:
        """Merge `pair` in the words that contain it; update only their pair counts."""
        for index in sorted(self.where.get(pair, ())):
            old = self.words[index]
            new = merge_pair(old, pair)
            freq = self.freqs[index]
            delta: Counter = Counter()
            for p in zip(old, old[1:]):
                delta[p] -= freq
            for p in zip(new, new[1:]):
                delta[p] += freq
            for p, change in delta.items():
                if change == 0:
                    continue
                count = self.counts.get(p, 0) + change
                if count:
                    self.counts[p] = count
                    heapq.heappush(self._heap, (-count, p))
                else:
                    del self.counts[p]
            old_pairs, new_pairs = set(zip(old, old[1:])), set(zip(new, new[1:]))
            for p in old_pairs - new_pairs:
                holders = self.where[p]
                holders.discard(index)
                if not holders:
                    del self.where[p]
            for p in new_pairs - old_pairs:
                self.where.setdefault(p, set()).add(index)
            self.words[index] = new

    def segmentation(self) -> dict[str, tuple[str, ...]]:
        return {key: tuple(symbols) for key, symbols in zip(self.keys, self.words)}


def _word_freqs(text: str) -> dict[str, int]:
    """`_word_freqs("b a b") -> {"b": 2, "a": 1}` (first-seen order)."""
    return dict(Counter(text.split()))


def train_bpe(text: str, num_merges: int) -> list[Pair]:
    """Learn up to `num_merges` merges from `text` (incremental pair counts).

    `train_bpe("aaa", 5) -> [("a", "a"), ("aa", "a")]` (stops: one symbol left).
    """
    trainer = BPETrainer(_word_freqs(text))
    merges: list[Pair] = []
    while len(merges) < num_merges:
        found = trainer.best()
        if found is None:
            break
        trainer.merge(found[0])
        merges.append(found[0])
    return merges


def train_bpe_naive(text: str, num_merges: int) -> list[Pair]:
    """Same result as `train_bpe`, recounting all pairs after every merge."""
    words: dict[tuple[str, ...], int] = {tuple(w): f for w, f in _word_freqs(text).items()}
    merges: list[Pair] = []
    for _ in range(num_merges):
        counts = get_pair_counts(words)
        if not counts:
            break
        pair = best_pair(counts)
        merges.append(pair)
        merged: dict[tuple[str, ...], int] = {}
        for symbols, freq in words.items():
            key = tuple(merge_pair(symbols, pair))
            merged[key] = merged.get(key, 0) + freq
        words = merged
    return merges


def trace_merges(text: str, num_merges: int) -> list[MergeStep]:
    """Training step by step, with the tied pairs at every step.

    `trace_merges("пиццу пицца пицце", 1)[0]` -> pair ("и", "ц"), count 3,
    ties (("и","ц"), ("п","и"), ("ц","ц")), segmentation
    {"пиццу": ("п", "иц", "ц", "у"), "пицца": ("п", "иц", "ц", "а"), ...}.
    """
    trainer = BPETrainer(_word_freqs(text))
    steps: list[MergeStep] = []
    while len(steps) < num_merges:
        found = trainer.best()
        if found is None:
            break
        pair, count = found
        ties = trainer.tied(count)
        trainer.merge(pair)
        steps.append(MergeStep(pair, count, ties, trainer.segmentation()))
    return steps


def encode_word(symbols: Sequence[str], ranks: dict[Pair, int]) -> list[str]:
    """Merge the lowest-ranked adjacent pair until none is in `ranks`.

    With ranks {("c","ba"): 0, ("b","a"): 1, ("c","b"): 2}, "cba" -> first
    (b,a) (rank 1 beats rank 2) -> ["c", "ba"] -> then (c,ba) -> ["cba"].
    """
    symbols = list(symbols)
    while len(symbols) > 1:
        ranked = [(ranks[p], p) for p in zip(symbols, symbols[1:]) if p in ranks]
        if not ranked:
            break
        symbols = merge_pair(symbols, min(ranked)[1])
    return symbols


def bpe_encode(text: str, merges: Sequence[Pair]) -> list[str]:
    """Pieces of every whitespace-separated word, merges applied by rank.

    `bpe_encode("aaaa ab", [("a", "a"), ("aa", "aa")]) -> ["aaaa", "a", "b"]`.
    """
    ranks = {tuple(pair): rank for rank, pair in reversed(list(enumerate(merges)))}
    pieces: list[str] = []
    for word in text.split():
        pieces.extend(encode_word(word, ranks))
    return pieces


# --- a lossless tokenizer on top ----------------------------------------------

SPACE = "\u2581"  # "▁", sentencepiece's word-start marker
_PRETOKEN = re.compile(rf"{SPACE}?[^\s{SPACE}]+|{SPACE}|\s")


def pretokenize(text: str) -> list[str]:
    """Spaces become "▁" and stick to the next word; other whitespace stands alone.

    `pretokenize("я хочу  пиццу\\n")` -> ["я", "▁хочу", "▁", "▁пиццу", "\\n"];
    joining the pieces and turning "▁" back into " " gives the text back.
    """
    return _PRETOKEN.findall(text.replace(" ", SPACE))


def byte_piece(b: int) -> str:
    """`byte_piece(0xF0) -> "<0xF0>"`, sentencepiece's spelling."""
    return f"<0x{b:02X}>"


class BPETokenizer(Tokenizer):
    """BPE with sentencepiece-style whitespace and byte fallback.

    Text is split by `pretokenize` (a space becomes "▁" at the start of the
    next word, so decoding is lossless) and BPE is trained on those words.

    Id layout (pinned in the tests):
        0 .. S-1             the specials, in order (default just "[UNK]");
        S .. S+255           with byte_fallback, the bytes <0x00> .. <0xFF>;
        then                 the training characters, sorted;
        then                 one id per merge, in merge order (a merge whose
                             string already has an id gets no new one).

    A character unseen in training becomes its UTF-8 byte pieces
    (byte_fallback=True) or "[UNK]" (False); it never merges with neighbours.
    A literal "▁" in the input decodes as a space, as in sentencepiece.
    """

    def __init__(self, byte_fallback: bool = True, specials: Sequence[str] = ("[UNK]",)):
        if "[UNK]" not in specials:
            raise ValueError("specials must contain [UNK]")
        self.byte_fallback = byte_fallback
        self.specials = tuple(specials)
        self.merges: list[Pair] = []
        self.pieces: list[str] = list(self.specials) + self._byte_pieces()   # id -> piece
        self._normal: dict[str, int] = {}                  # characters and merged pieces -> id
        self._ranks: dict[Pair, int] = {}
        self._cache: dict[str, list[int]] = {}

    def _byte_pieces(self) -> list[str]:
        return [byte_piece(b) for b in range(256)] if self.byte_fallback else []

    @property
    def byte_offset(self) -> Optional[int]:
        """Id of <0x00>, or None without byte fallback."""
        return len(self.specials) if self.byte_fallback else None

    def train(self, text_or_texts: TextOrTexts, vocab_size: int) -> "BPETokenizer":
        """Merge until the vocabulary has `vocab_size` ids or no pair is left."""
        freqs: Counter = Counter()
        for text in as_texts(text_or_texts):
            freqs.update(pretokenize(text))
        chars = sorted({ch for word in freqs for ch in word})
        self.pieces = list(self.specials) + self._byte_pieces() + chars
        if vocab_size < len(self.pieces):
            raise ValueError(f"vocab_size={vocab_size} is below the {len(self.pieces)} ids the "
                             f"specials, bytes and characters already take")
        first_char = len(self.specials) + (256 if self.byte_fallback else 0)
        self._normal = {ch: first_char + k for k, ch in enumerate(chars)}
        trainer = BPETrainer(dict(freqs))
        self.merges = []
        while len(self.pieces) < vocab_size:
            found = trainer.best()
            if found is None:
                break
            pair = found[0]
            trainer.merge(pair)
            self.merges.append(pair)
            piece = pair[0] + pair[1]
            if piece not in self._normal:
                self._normal[piece] = len(self.pieces)
                self.pieces.append(piece)
        self._ranks = {pair: rank for rank, pair in reversed(list(enumerate(self.merges)))}
        self._cache = {}
        return self

    def _encode_chunk(self, chunk: str) -> list[int]:
        """Ids of one pre-token: BPE over runs of known characters, fallback for the rest."""
        if chunk not in self._cache:
            ids: list[int] = []
            run: list[str] = []                            # known characters waiting for BPE
            for ch in chunk:
                if ch in self._normal:
                    run.append(ch)
                    continue
                ids.extend(self._normal[p] for p in encode_word(run, self._ranks))
                ids.extend(self._unknown(ch))
                run = []
            ids.extend(self._normal[p] for p in encode_word(run, self._ranks))
            self._cache[chunk] = ids
        return self._cache[chunk]

    def _unknown(self, ch: str) -> list[int]:
        if self.byte_fallback:
            return [self.byte_offset + b for b in ch.encode("utf-8")]
        return [self.specials.index("[UNK]")]

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for chunk in pretokenize(text):
            ids.extend(self._encode_chunk(chunk))
        return ids

    def tokenize(self, text: str) -> list[str]:
        return [self.pieces[i] for i in self.encode(text)]

    def decode(self, ids: Iterable[int]) -> str:
        out = bytearray()
        for i in ids:
            if self.byte_fallback and self.byte_offset <= i < self.byte_offset + 256:
                out.append(i - self.byte_offset)
            else:
                out.extend(self.pieces[i].encode("utf-8"))
        return out.decode("utf-8", errors="replace").replace(SPACE, " ")

    @property
    def vocab_size(self) -> int:
        return len(self.pieces)

    @property
    def unk_id(self) -> int:
        """Id of "[UNK]"; with byte_fallback it is never produced."""
        return self.specials.index("[UNK]")
