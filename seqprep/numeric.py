"""Numbers as people type them and as the bank shows them.

`parse_number` reads a typed answer, `format_number` writes a value for a
language, `fill` puts drawn parameters into a prompt. The numeric kind of
question (`seqprep.kinds.numeric`) uses them.

    >>> parse_number("15 775 744"), parse_number("15.8M"), parse_number("1.2e7")
    (15775744.0, 15800000.0, 12000000.0)
"""

from __future__ import annotations

import math
import re
from typing import Any

from .schema import PLACEHOLDER

_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12,
           "к": 1e3, "тыс": 1e3, "м": 1e6, "млн": 1e6, "млрд": 1e9}
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([a-zа-я]*)\.?$")


def parse_number(text: str) -> float:
    """Read a number as people type it.

    Accepts `15775744`, `15,775,744`, `15 775 744`, `15_775_744`, `15.8M`,
    `1.2e7`, `0,5` (a decimal comma) and suffixes k/M/B (also тыс/млн/млрд).
    Raises ValueError with a short reason otherwise.
    """
    s = text.strip().lower().replace("\u00a0", " ").replace("\u202f", " ").replace("_", "")
    if not s:
        raise ValueError("empty answer")
    s = re.sub(r"(?<=\d)[ '](?=\d{3}\b)", "", s)           # 15 775 744, 15'775'744
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?(\s*[a-zа-я]+)?", s):
        s = s.replace(",", "")                               # 15,775,744
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")                              # 0,5
    match = _NUMBER.match(s)
    if not match:
        raise ValueError(f"not a number: {text.strip()!r}")
    value = float(match.group(1))
    suffix = match.group(2)
    if suffix:
        if suffix not in _SUFFIX:
            raise ValueError(f"unknown suffix {suffix!r} in {text.strip()!r}")
        value *= _SUFFIX[suffix]
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text.strip()!r}")
    return value


def fill(template: str, params: dict[str, Any], lang: str = "en") -> str:
    """Replace `[[name]]` placeholders: `fill("T=[[T]]", {"T": 50}) -> "T=50"`."""
    return math_safe(PLACEHOLDER.sub(lambda m: format_number(params[m.group(1)], lang), template))


_MATH_SPAN = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)


def math_safe(text: str) -> str:
    """Inside `$...$`, write digit groups the TeX way: `$V = 30,000$` -> `$V = 30{,}000$`,
    a thin space becomes `\\,`: `format_number` is for prose, not for math."""
    def fix(match: re.Match) -> str:
        span = match.group(0).replace("\u202f", "\\,")
        return re.sub(r"(?<=\d),(?=\d{3})", "{,}", span)

    return _MATH_SPAN.sub(fix, text)


def format_number(value: float, lang: str = "en") -> str:
    """`format_number(15775744) -> "15,775,744"`; ru uses thin spaces: "15 775 744".

    Integers are written in full; other values with 4 significant digits.
    """
    if isinstance(value, bool):                              # a yes/no parameter in a prompt
        return ("да" if value else "нет") if lang == "ru" else ("yes" if value else "no")
    sep = "\u202f" if lang == "ru" else ","
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}".replace(",", sep)
    text = f"{value:.4g}"
    if "e" in text:
        return text
    return text.replace(".", ",") if lang == "ru" else text

