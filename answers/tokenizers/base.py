"""The interface every tokenizer in `answers.tokenizers` implements.

A tokenizer maps text to a list of integer ids and back:

    tok.train("я хочу пиццу", vocab_size=...)   # learn the vocabulary
    tok.tokenize("я хочу пиццу")  -> ["я", "хочу", "пиццу"]   # the pieces
    tok.encode("я хочу пиццу")    -> [5, 2, 3]                # their ids
    tok.decode([5, 2, 3])         -> "я хочу пиццу"

`unk_id` is the id of the unknown token (None if there is none); `compare.py`
counts a word as out of vocabulary when its ids contain it. With byte
fallback the id exists but is never produced.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Iterable, Optional, Union

TextOrTexts = Union[str, Iterable[str]]


def as_texts(text_or_texts: TextOrTexts) -> list[str]:
    """`as_texts("a b") -> ["a b"]`, `as_texts(["a", "b"]) -> ["a", "b"]`."""
    if isinstance(text_or_texts, str):
        return [text_or_texts]
    return list(text_or_texts)


class Tokenizer(ABC):
    """Abstract base: train once, then encode / decode / tokenize."""

    @abstractmethod
    def train(self, text_or_texts: TextOrTexts, vocab_size: int) -> "Tokenizer":
        """Learn a vocabulary of at most `vocab_size` entries; returns self."""

    @abstractmethod
    def encode(self, text: str) -> list[int]:
        """Text -> token ids."""

    @abstractmethod
    def decode(self, ids: Iterable[int]) -> str:
        """Token ids -> text."""

    @abstractmethod
    def tokenize(self, text: str) -> list[str]:
        """Text -> the pieces behind `encode(text)`, as strings."""

    @property
    @abstractmethod
    def vocab_size(self) -> int:
        """Number of ids: every id in `encode`'s output is below it."""

    @property
    def unk_id(self) -> Optional[int]:
        """Id of the unknown token, None when there is none."""
        return None
