"""Word-level tokenization: one id per whitespace-separated word.

The vocabulary puts the special tokens first, in the order given, then the
words by frequency (most frequent first), ties in alphabetical order:

    build_vocab(["b a b", "c a b"])
    -> {"[PAD]": 0, "[UNK]": 1, "b": 2, "a": 3, "c": 4}     # b:3, a:2, c:1

Every word the vocabulary lacks becomes `[UNK]`, which is the whole problem
with word-level tokenizers: with the vocabulary {я, хочу, пиццу}, the text
"я хочу шаурму" encodes as [я, хочу, [UNK]], an OOV rate of 1/3.

Pure Python, no torch.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional, Sequence

from .base import TextOrTexts, Tokenizer, as_texts

PAD, UNK = "[PAD]", "[UNK]"


def word_counts(texts: TextOrTexts) -> Counter:
    """`word_counts(["b a b"]) -> Counter({"b": 2, "a": 1})`; words = `text.split()`."""
    counts: Counter = Counter()
    for text in as_texts(texts):
        counts.update(text.split())
    return counts


def build_vocab(texts: TextOrTexts, min_freq: int = 1, specials: Sequence[str] = (PAD, UNK),
                max_size: Optional[int] = None) -> dict[str, int]:
    """Specials first in order, then words by count descending, ties alphabetical.

    Words seen fewer than `min_freq` times are left out. `max_size` caps the
    whole vocabulary, specials included (the top max_size - len(specials)
    words are kept). A word equal to a special keeps the special's id.
    """
    if len(set(specials)) != len(specials):
        raise ValueError(f"specials must be distinct, got {list(specials)}")
    if max_size is not None and max_size < len(specials):
        raise ValueError(f"max_size={max_size} cannot hold the {len(specials)} specials")
    vocab = {tok: i for i, tok in enumerate(specials)}
    counts = word_counts(texts)
    ranked = sorted((w for w, c in counts.items() if c >= min_freq and w not in vocab),
                    key=lambda w: (-counts[w], w))
    if max_size is not None:
        ranked = ranked[: max_size - len(vocab)]
    for word in ranked:
        vocab[word] = len(vocab)
    return vocab


def encode(text: str, vocab: dict[str, int], unk: str = UNK) -> list[int]:
    """`encode("я хочу шаурму", {"[UNK]": 0, "я": 1, "хочу": 2}) -> [1, 2, 0]`."""
    ids = []
    for word in text.split():
        if word in vocab:
            ids.append(vocab[word])
        elif unk in vocab:
            ids.append(vocab[unk])
        else:
            raise KeyError(f"{word!r} is not in the vocabulary and it has no {unk!r} token")
    return ids


def decode(ids: Iterable[int], vocab: dict[str, int]) -> str:
    """Ids -> words joined by single spaces (the original spacing is lost)."""
    words = {i: w for w, i in vocab.items()}
    return " ".join(words[i] for i in ids)


def oov_rate(texts: TextOrTexts, vocab: dict[str, int], unk: str = UNK) -> float:
    """Share of word occurrences that map to [UNK]: 1/3 for "я хочу шаурму" above."""
    total = unknown = 0
    for text in as_texts(texts):
        for word in text.split():
            total += 1
            unknown += word not in vocab or word == unk
    if total == 0:
        raise ValueError("no words in the texts")
    return unknown / total


class WordTokenizer(Tokenizer):
    """`build_vocab` + `encode` + `decode` behind the common interface."""

    def __init__(self, vocab: Optional[dict[str, int]] = None, specials: Sequence[str] = (PAD, UNK),
                 min_freq: int = 1):
        if UNK not in specials:
            raise ValueError(f"specials must contain {UNK}")
        self.specials = tuple(specials)
        self.min_freq = min_freq
        self.vocab: dict[str, int] = dict(vocab) if vocab else {}

    def train(self, text_or_texts: TextOrTexts, vocab_size: int) -> "WordTokenizer":
        """Keep the vocab_size - len(specials) most frequent words."""
        self.vocab = build_vocab(text_or_texts, self.min_freq, self.specials, max_size=vocab_size)
        return self

    def encode(self, text: str) -> list[int]:
        return encode(text, self.vocab)

    def decode(self, ids: Iterable[int]) -> str:
        return decode(ids, self.vocab)

    def tokenize(self, text: str) -> list[str]:
        return [w if w in self.vocab else UNK for w in text.split()]

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    @property
    def unk_id(self) -> int:
        return self.vocab[UNK]
