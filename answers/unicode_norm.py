"""Unicode normalization and accent stripping, counted (pure Python, `unicodedata`).

One letter can arrive as different code points. «й» is either the precomposed
U+0439 or «и» U+0438 followed by the combining breve U+0306; «ё» is U+0451 or
«е» + the combining diaeresis U+0308. The four normal forms:

* NFC composes such pairs, NFD decomposes them;
* NFKC / NFKD also fold *compatibility* characters: the ligature "ﬁ" -> "fi",
  full-width "Ａ" -> "A", superscript "²" -> "2", "№" -> "No".

A tokenizer sees code points (or their UTF-8 bytes), so the forms of one word are
different inputs: «ёжик» is 4 code points and 8 bytes in NFC, 5 and 10 in NFD;
the ligature "ﬁ" is one code point (3 bytes) until NFKC makes it two.

Uncased BERT "strips accents": NFD, then drop every combining mark (category
Mn). For Latin that is "é" -> "e"; for Russian it erases «й» and «ё»:
«Йогурт и ёлка» becomes «Иогурт и елка», and «мой» and «мои» become
one string. `accent_collisions(text)` lists the word types of a text that
lower-casing and stripping merge.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

FORMS = ("NFC", "NFD", "NFKC", "NFKD")
RU_TEXT = Path(__file__).resolve().parent / "data" / "own_text_ru.txt"


def normal_forms(text: str) -> dict[str, tuple[int, int]]:
    """{form: (code points, UTF-8 bytes)} of `text` in each of the four normal forms.
    `normal_forms("ёжик")["NFD"] -> (5, 10)`, `normal_forms("ﬁ")["NFKC"] -> (2, 2)`."""
    out = {}
    for form in FORMS:
        normalized = unicodedata.normalize(form, text)
        out[form] = (len(normalized), len(normalized.encode("utf-8")))
    return out


def nfd_utf8_bytes(n_letters: int, n_composed: int) -> int:
    """UTF-8 bytes of a Cyrillic text of `n_letters` letters after NFD, when `n_composed` of them are
    «й» or «ё»: every Cyrillic letter is 2 bytes and each decomposed one adds a 2-byte combining mark
    (U+0306 or U+0308), 2 (n + k). `nfd_utf8_bytes(6, 1) -> 14` («йогурт»: 12 bytes in NFC)."""
    if not 0 <= n_composed <= n_letters:
        raise ValueError("n_composed must be between 0 and n_letters")
    return 2 * (n_letters + n_composed)


def strip_accents(text: str) -> str:
    """What uncased BERT does before WordPiece (besides lower-casing): NFD, drop category Mn.
    `strip_accents("Йогурт и ёлка") -> 'Иогурт и елка'`."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def accent_collisions(text: str) -> dict[str, list[str]]:
    """{stripped form: [distinct lower-cased words that map to it]} for every form reached by two or more."""
    groups: dict[str, set[str]] = defaultdict(set)
    for word in re.findall(r"\w+", text.lower()):
        groups[strip_accents(word)].add(word)
    return {key: sorted(words) for key, words in sorted(groups.items()) if len(words) > 1}


def corpus_accent_stats() -> dict:
    """On the project's Russian text (answers/data/own_text_ru.txt): word types, how many contain «й» or «ё»,
    how many distinct types remain after uncased BERT's normalization, and the merged groups."""
    text = RU_TEXT.read_text(encoding="utf-8")
    words = set(re.findall(r"\w+", text.lower()))
    collisions = accent_collisions(text)
    return {
        "types": len(words),
        "types_with_marks": sum(1 for w in words if strip_accents(w) != w),
        "types_after": len({strip_accents(w) for w in words}),
        "merged_groups": len(collisions),
        "examples": [" / ".join(group) for group in list(collisions.values())[:3]],
    }
