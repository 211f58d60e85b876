"""Numbers as people type them and as the bank shows them.

`format_number` writes a value for a language, `fill` puts drawn parameters
into a prompt; reading a typed answer is `seqprep.numparse` (`parse_number`
here is its float-or-ValueError form). The numeric kind of question
(`seqprep.kinds.numeric`) uses them.

    >>> parse_number("15 775 744"), parse_number("15.8M"), parse_number("1.2e7")
    (15775744.0, 15800000.0, 12000000.0)
"""

from __future__ import annotations

import re
from typing import Any

from . import numparse
from .schema import PLACEHOLDER

def parse_number(text: str, lang: str = "en") -> float:
    """A typed number as a float, or ValueError with the reason: `numparse.parse_number`
    (where the rules live) for callers that cannot ask back. An ambiguous comma
    ("1,000") is a ValueError whose message is the question `numparse` would ask.

    Accepts `15775744`, `15,775,744`, `15 775 744`, `15_775_744`, `15.8M`,
    `1.2e7`, `0,5` (a decimal comma) and suffixes k/M/B (also тыс/млн/млрд).
    """
    result = numparse.parse_number(text, lang)
    if not result.ok:
        raise ValueError(result.message)
    return result.value


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
    text = f"{value:.4g}"  # 5.96e-08 keeps its exponent; Russian gets the decimal comma there too
    return text.replace(".", ",") if lang == "ru" else text

