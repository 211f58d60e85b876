"""Which key points a free-text answer covered, by matching word stems.

Both languages are handled at once: Cyrillic words go through the Russian
Snowball stemmer and Latin words through the English one, so an answer may
mix them ("градиенты vanish").

    >>> covered("Градиенты затухают, если радиус меньше единицы",
    ...         ["градиент затухает при спектральном радиусе < 1", "LSTM помогает"])
    [True, False]
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[0-9]+|[a-z]+|[а-яё]+", re.IGNORECASE)
_STOP = frozenset("""
a an the of to in on at by for with and or not no is are be was were it its this that
as from than then so if into over under per each any all can may must do does
и в во на по к ко с со о об от до из за для не ни но а или ли же то это как что
чем при без под над через его её их он она оно они мы вы ты я у быть есть
""".split())
_ru = snowballstemmer.stemmer("russian")
_en = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    word = word.lower().replace("ё", "е")
    if re.match(r"[а-я]", word):
        return _ru.stemWord(word)
    if re.match(r"[a-z]", word):
        return _en.stemWord(word)
    return word


def stems(text: str) -> set[str]:
    """Content-word stems: `stems("The gradients vanish") -> {"gradient", "vanish"}`."""
    return {_stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1}


def covered(answer: str, key_points: list[str], threshold: float = 0.5) -> list[bool]:
    """A key point counts as covered when at least `threshold` of its stems
    (and at least one) occur in the answer."""
    said = stems(answer)
    result = []
    for point in key_points:
        wanted = stems(point)
        hits = len(wanted & said)
        result.append(bool(wanted) and hits >= 1 and hits >= threshold * len(wanted))
    return result
