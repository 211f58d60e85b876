"""Fertility (tokens per word) and the token premium of Russian, measured with our own BPE on the
project's parallel texts (pure Python).

`answers/data/own_text_en.txt` and `own_text_ru.txt` are the same notes in
English and in Russian, paragraph for paragraph, so their token counts compare
the cost of the *same content* in two languages. `measure(vocab_size, train)`
trains `answers.tokenizers.bpe.BPETokenizer` (byte fallback, "▁" word starts)
on the English text alone (`train="en"`) or on both (`train="en+ru"`) and
reports, for each language:

* `words` (`text.split()`), `bytes` (UTF-8), `tokens`;
* `fertility` = tokens / words;
* `bytes_per_token`, the compression;

and `premium` = Russian tokens / English tokens for the same content.

An English-only tokenizer has never seen a Cyrillic letter: each one falls back
to its two UTF-8 bytes, and the Russian text costs several times more tokens
than the English one; a tokenizer trained on both languages shares its budget
and brings the premium close to what the languages themselves differ by.
`measure(1000, "en")["premium"] -> 6.885` (rounded).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .tokenizers.bpe import BPETokenizer

DATA = Path(__file__).resolve().parent / "data"
TRAIN = {"en": ("en",), "en+ru": ("en", "ru")}


@lru_cache(maxsize=None)
def parallel_text(lang: str) -> str:
    """The project's own text in `lang` ("en" or "ru")."""
    return (DATA / f"own_text_{lang}.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def trained(vocab_size: int, train: str = "en") -> BPETokenizer:
    """Our BPE trained on the texts of `train` ("en" or "en+ru") to `vocab_size` ids."""
    return BPETokenizer().train([parallel_text(lang) for lang in TRAIN[train]], vocab_size)


@lru_cache(maxsize=None)
def measure(vocab_size: int, train: str = "en") -> dict:
    """{"en": {...}, "ru": {...}, "premium": float} for a tokenizer trained on `train`."""
    tokenizer = trained(vocab_size, train)
    out: dict = {}
    for lang in ("en", "ru"):
        text = parallel_text(lang)
        tokens = len(tokenizer.encode(text))
        words, size = len(text.split()), len(text.encode("utf-8"))
        out[lang] = {"words": words, "bytes": size, "tokens": tokens,
                     "fertility": tokens / words, "bytes_per_token": size / tokens}
    out["premium"] = out["ru"]["tokens"] / out["en"]["tokens"]
    return out
