"""WordPiece segmentation of one word, as BERT does it at inference.

Greedy longest-match-first: from the current position take the longest
substring that is in the vocabulary ("##" in front when it does not start the
word), then continue after it. If some position matches nothing, the whole
word becomes [UNK]; so does a word longer than `max_chars`.

    wordpiece_tokenize("unaffable", {"un", "##aff", "##able"})
    -> ["un", "##aff", "##able"]

Greedy is not a search: with {"ab", "a", "##bc"}, "abc" takes "ab" first,
then finds no "##c" and gives [UNK], although "a" + "##bc" would fit.

(Training WordPiece differs from BPE in the merge score, count(ab) /
(count(a) * count(b)) instead of count(ab); only segmentation is here.)

Pure Python, no torch.
"""

from __future__ import annotations

from typing import Collection


def wordpiece_tokenize(word: str, vocab: Collection[str], unk: str = "[UNK]",
                       max_chars: int = 100) -> list[str]:
    """Greedy longest-match-first pieces of `word`; [unk] when it cannot be covered."""
    if len(word) > max_chars:
        return [unk]
    pieces: list[str] = []
    start = 0
    while start < len(word):
        end = len(word)
        piece = None
        while end > start:                                  # longest candidate first
            candidate = word[start:end] if start == 0 else "##" + word[start:end]
            if candidate in vocab:
                piece = candidate
                break
            end -= 1
        if piece is None:
            return [unk]
        pieces.append(piece)
        start = end
    return pieces


def wordpiece_encode(text: str, vocab: Collection[str], unk: str = "[UNK]",
                     max_chars: int = 100) -> list[str]:
    """`wordpiece_tokenize` of every whitespace-separated word, concatenated."""
    return [p for word in text.split() for p in wordpiece_tokenize(word, vocab, unk, max_chars)]
