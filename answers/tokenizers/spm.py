"""sentencepiece BPE and Unigram, trained in memory.

`train_sentencepiece` feeds the sentences through `sentence_iterator=` and
gets the model back through `model_writer=io.BytesIO()`, so nothing is
written to disk; the result is the serialized `ModelProto` (bytes), which
`SentencePieceProcessor(model_proto=...)` loads.

Id layout with the defaults used here (pinned in the tests):

    0 <unk>   1 <s>   2 </s>   (no <pad>: pad_id = -1)
    then the control symbols, then the user-defined symbols, in the order given,
    then with byte_fallback the 256 pieces <0x00> .. <0xFF>,
    then the learned pieces.

* user-defined symbols are matched in the input before segmentation, so each
  always comes out as one piece;
* control symbols (like [CLS]) own an id but are never produced from text:
  the model adds them, the text cannot;
* with byte_fallback a character outside the vocabulary becomes its UTF-8
  bytes ("中" -> <0xE4> <0xB8> <0xAD>) instead of <unk>, and decodes back.

Reproducibility: sentencepiece has no seed flag. With num_threads=1 and no
sampling of the input it is deterministic (Unigram pieces change with the
number of threads). `max_sentences` samples the input with our own seeded
`random.Random(seed)` before sentencepiece sees it.
"""

from __future__ import annotations

import io
import random
import re
from typing import Iterable, Optional, Sequence

import sentencepiece as spm

from .base import TextOrTexts, Tokenizer, as_texts

_TOO_HIGH = re.compile(r"Vocabulary size too high \((\d+)\)\. Please set it to a value <= (\d+)")
_TOO_LOW = re.compile(r"Vocabulary size is smaller than required_chars\. (\d+) vs (\d+)")


def _check_symbols(name: str, symbols: Sequence[str]) -> list[str]:
    symbols = list(symbols)
    for s in symbols:
        if not s or "," in s or any(ch.isspace() for ch in s):
            raise ValueError(f"{name}: {s!r} must be non-empty, without commas or whitespace")
    return symbols


def train_sentencepiece(sentences: TextOrTexts, vocab_size: int, model_type: str = "bpe",
                        user_defined_symbols: Sequence[str] = (),
                        control_symbols: Sequence[str] = (),
                        byte_fallback: bool = True, num_threads: int = 1,
                        character_coverage: float = 1.0, seed: int = 0,
                        max_sentences: Optional[int] = None, **options) -> bytes:
    """Train a sentencepiece model on in-memory sentences; return the ModelProto bytes.

    `sentences` is one string (split into lines) or an iterable of strings
    (each also split on newlines: sentencepiece reads one sentence per item).
    `options` go to `SentencePieceTrainer.train` unchanged (e.g.
    `normalization_rule_name="identity"`).

    Raises ValueError, with the bound sentencepiece reports, when the vocabulary
    is too large for the corpus or too small for its characters.
    """
    if model_type not in ("bpe", "unigram", "char", "word"):
        raise ValueError(f"model_type must be bpe, unigram, char or word, got {model_type!r}")
    lines = [line for text in as_texts(sentences) for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError("no non-empty sentences to train on")
    if max_sentences is not None and len(lines) > max_sentences:
        lines = random.Random(seed).sample(lines, max_sentences)
    writer = io.BytesIO()
    kwargs = dict(
        model_type=model_type, vocab_size=vocab_size, byte_fallback=byte_fallback,
        num_threads=num_threads, character_coverage=character_coverage,
        max_sentence_length=1 << 16, minloglevel=2,
        user_defined_symbols=_check_symbols("user_defined_symbols", user_defined_symbols),
        control_symbols=_check_symbols("control_symbols", control_symbols),
    )
    kwargs.update(options)
    try:
        spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=writer, **kwargs)
    except RuntimeError as exc:
        message = str(exc)
        high = _TOO_HIGH.search(message)
        if high:
            raise ValueError(f"vocab_size={vocab_size} is too large for this corpus "
                             f"({len(lines)} sentences); sentencepiece {model_type} accepts at "
                             f"most {high.group(2)} here") from None
        low = _TOO_LOW.search(message)
        if low:
            raise ValueError(f"vocab_size={vocab_size} is too small: the characters and "
                             f"special pieces of this corpus need at least {low.group(2)}") from None
        raise
    return writer.getvalue()


def max_vocab_size(exc: ValueError) -> Optional[int]:
    """The largest vocabulary a 'too large' ValueError from `train_sentencepiece` names."""
    found = re.search(r"accepts at most (\d+)", str(exc))
    return int(found.group(1)) if found else None


class SentencePieceTokenizer(Tokenizer):
    """A `SentencePieceProcessor` behind the common interface.

    Either load a trained model (`SentencePieceTokenizer(model_proto=b)`) or
    call `train`, which passes `train_options` to `train_sentencepiece`.
    """

    def __init__(self, model_proto: Optional[bytes] = None, **train_options):
        self.train_options = train_options
        self.processor: Optional[spm.SentencePieceProcessor] = None
        if model_proto is not None:
            self.load(model_proto)

    def load(self, model_proto: bytes) -> "SentencePieceTokenizer":
        self.processor = spm.SentencePieceProcessor(model_proto=model_proto)
        return self

    @property
    def model_proto(self) -> bytes:
        return self._sp.serialized_model_proto()

    @property
    def _sp(self) -> spm.SentencePieceProcessor:
        if self.processor is None:
            raise RuntimeError("train or load a model first")
        return self.processor

    def train(self, text_or_texts: TextOrTexts, vocab_size: int) -> "SentencePieceTokenizer":
        return self.load(train_sentencepiece(text_or_texts, vocab_size, **self.train_options))

    def encode(self, text: str) -> list[int]:
        return self._sp.encode(text, out_type=int)

    def decode(self, ids: Iterable[int]) -> str:
        return self._sp.decode(list(ids))

    def tokenize(self, text: str) -> list[str]:
        return self._sp.encode(text, out_type=str)

    @property
    def vocab_size(self) -> int:
        return self._sp.get_piece_size()

    @property
    def unk_id(self) -> Optional[int]:
        return self._sp.unk_id()
