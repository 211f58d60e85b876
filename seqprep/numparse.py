"""Reading a number as a Russian- or English-speaking person types it, fairly.

A comma is a decimal mark or a thousands separator depending on who types it,
so a single comma is read as a decimal mark unless the number is unambiguous
thousands grouping:

    >>> parse_number("0,841", "ru").value
    0.841
    >>> parse_number("15,775,744", "en").value
    15775744.0
    >>> parse_number("−0.544", "en").value, parse_number("15.8M", "en").value
    (-0.544, 15800000.0)
    >>> parse_number("96,9 %", "ru", expected=0.969).value
    0.969
    >>> parse_number("1,000", "en", expected=1.0).readings
    (1.0, 1000.0)

How a caller handles the ambiguous case: a result with `readings` (two values, the
decimal-comma reading first) is never a grade. Print `result.message` — one line
in the question's language that names both readings and what to type for each —
read the answer again and parse the new text with the same `lang` and `expected`;
repeat until the result has a `value` (grade it) or an error `message` (print it
and read again). Never pick one of the readings yourself: "1,000" is one thousand
to an English speaker and one to a Russian speaker. Passing `expected` (the
correct value) keeps the question for when it matters: `parse_number` asks only
when one reading is within a factor of 10 of `expected`, i.e. when the choice
could change the verdict; when both readings are far off, the answer is wrong
either way and the language's own reading is returned (ru: decimal comma,
en: thousands).

Accepted: digits with optional `+`/`-`/`−` (U+2212); thousands grouped by `,`
(`15,775,744`), by `.` (`15.775.744`), by spaces including no-break and thin
spaces (`15 775 744`), by `'` or `_`; a decimal `.` or `,`; `e` exponents
(`1.2e7`) and `×10^7`; suffixes k/K/M/B/G/T and тыс/млн/млрд (also к, м);
a trailing `%` (divided by 100) when the answer is a fraction. Pure Python, no
imports beyond the standard library.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

SUFFIXES = {"k": 3, "m": 6, "b": 9, "g": 9, "t": 12,  # powers of ten
            "к": 3, "тыс": 3, "м": 6, "млн": 6, "млрд": 9}
_MINUSES = "\u2212\u2012\u2013\u2014\ufe63\uff0d"             # −, ‒, –, —, ﹣, －
_SPACES = "\u00a0\u202f\u2009\u2007\u2008\u200a\u205f\u3000"  # no-break, narrow, thin, figure…
_POWER = re.compile(r"\s*(?:[x×*·]|\\times|\\cdot)\s*10\s*(?:\^|\*\*)\s*\{?\s*([+-]?\d+)\s*\}?$")
_SUFFIX = re.compile(r"(.*?)\s*([a-zа-яё]+)\.?$")
_EXPONENT = re.compile(r"(.+?)e([+-]?\d+)$")
_MANTISSA = re.compile(r"[+-]?\s*[\d.,' ]*\d[\d.,' ]*|[+-]?\s*[.,]\d+")
_PLAUSIBLE = 10.0  # a reading within this factor of `expected` could be meant

TEXT = {
    "en": {
        "empty": "empty answer",
        "nan": "not a number: {text}",
        "suffix": "unknown suffix '{suffix}' in {text} (use k, M, B)",
        "infinite": "not a finite number: {text}",
        "percent": "{text} has %, but this answer is not a fraction: type the number itself",
        "ambiguous": "{text}: is the comma a decimal mark ({a}) or a thousands separator ({b})? "
                     "Type {a} or {b}",
    },
    "ru": {
        "empty": "пустой ответ",
        "nan": "не число: {text}",
        "suffix": "неизвестный суффикс «{suffix}» в {text} (k, M, B, тыс, млн, млрд)",
        "infinite": "не конечное число: {text}",
        "percent": "в {text} есть %, но ответ здесь — не доля: введите само число",
        "ambiguous": "{text}: запятая — десятичный знак ({a}) или разделитель тысяч ({b})? "
                     "Введите {a} или {b}",
    },
}


@dataclass(frozen=True)
class ParsedNumber:
    """What `parse_number` read: a `value`, two `readings` to ask about, or neither
    (an error). `message` is the error or the question, one line, for the user."""

    value: Optional[float] = None
    readings: tuple = ()
    message: str = ""

    @property
    def ambiguous(self) -> bool:
        return bool(self.readings)

    @property
    def ok(self) -> bool:
        return self.value is not None


class _NotANumber(ValueError):
    pass


def parse_number(text: str, lang: str = "en", expected: Optional[float] = None) -> ParsedNumber:
    """Read `text` as a number; see the module docstring for the rules and the
    ambiguous case. `expected` is the correct answer, when known."""
    words = TEXT.get(lang, TEXT["en"])
    shown = f"'{text.strip()}'" if lang != "ru" else f"«{text.strip()}»"
    percent = text.strip().endswith("%")
    if percent and expected is not None and abs(expected) > 1:
        return ParsedNumber(message=words["percent"].format(text=shown))
    try:
        values = _read(_normalize(text), words, -2 if percent else 0)
    except _NotANumber as exc:
        return ParsedNumber(message=str(exc).format(text=shown))
    if not all(math.isfinite(v) for v in values):
        return ParsedNumber(message=words["infinite"].format(text=shown))
    if len(values) == 1:
        return ParsedNumber(value=values[0])
    decimal, thousands = values
    if expected is not None and not any(_plausible(v, expected) for v in values):
        return ParsedNumber(value=decimal if lang == "ru" else thousands)  # wrong either way
    a, b = _plain(decimal), _plain(thousands)
    return ParsedNumber(readings=(decimal, thousands),
                        message=words["ambiguous"].format(text=shown, a=a, b=b))


def _normalize(text: str) -> str:
    s = text.strip().lower().replace("_", "")
    for char in _MINUSES:
        s = s.replace(char, "-")
    for char in _SPACES:
        s = s.replace(char, " ")
    return s.removesuffix("%").rstrip()  # % is read by the caller


def _read(s: str, words: dict, shift: int) -> list[float]:
    """One value, or [decimal reading, thousands reading]; `shift` is a power of ten.
    Every scale is a power of ten added to the exponent, so `96.9%` is float("96.9e-2")
    (0.969), not 96.9 / 100 (0.9690000000000001)."""
    if not s:
        raise _NotANumber(words["empty"])
    power = _POWER.search(s)
    if power:
        shift, s = shift + int(power.group(1)), s[:power.start()]
    suffix = _SUFFIX.fullmatch(s)
    if suffix:
        if not re.search(r"\d", suffix.group(1)):
            raise _NotANumber(words["nan"])
        if suffix.group(2) not in SUFFIXES:
            raise _NotANumber(words["suffix"].replace("{suffix}", suffix.group(2)))
        shift, s = shift + SUFFIXES[suffix.group(2)], suffix.group(1)
    exponent = _EXPONENT.fullmatch(s)
    if exponent:
        shift, s = shift + int(exponent.group(2)), exponent.group(1)
    if not _MANTISSA.fullmatch(s):
        raise _NotANumber(words["nan"])
    try:  # a mantissa before an exponent is never grouped: 8,882e-16 has a decimal comma
        readings = _mantissas(s)[:1] if exponent or power else _mantissas(s)
        return [float(f"{m}e{shift}") for m in readings]  # 1e400 -> inf, said by the caller
    except ValueError:
        raise _NotANumber(words["nan"]) from None


def _mantissas(s: str) -> list[str]:
    """The mantissa as Python floats spell it: one, or a decimal and a thousands reading."""
    sign = "-" if s.startswith("-") else ""
    body = s.lstrip("+-").strip()
    spaced = bool(re.search(r"[ ']", body))
    if spaced:  # 15 775 744 or 15 775,5: spaces and ' only ever group thousands
        if not re.fullmatch(r"\d{1,3}([ ']\d{3})+([.,]\d+)?", body):
            raise ValueError(body)
        body = re.sub(r"[ ']", "", body)
    if "." in body and "," in body:  # the later one is the decimal mark
        mark = "." if body.rfind(".") > body.rfind(",") else ","
        group = "," if mark == "." else "."
        whole, fraction = body.rsplit(mark, 1)
        if not re.fullmatch(rf"\d{{1,3}}(\{group}\d{{3}})*", whole) or not fraction.isdigit():
            raise ValueError(body)
        return [sign + whole.replace(group, "") + "." + fraction]
    for mark in (",", "."):
        if body.count(mark) > 1:  # 15,775,744 or 15.775.744
            if not re.fullmatch(rf"\d{{1,3}}(\{mark}\d{{3}})+", body):
                raise ValueError(body)
            return [sign + body.replace(mark, "")]
    if "," in body:
        whole, fraction = body.split(",")
        decimal = sign + whole + "." + fraction
        if spaced or len(fraction) != 3 or not re.fullmatch(r"[1-9]\d{0,2}", whole):
            return [decimal]  # 0,841  15,8  15 775,5  ,5
        return [decimal, sign + whole + fraction]  # 1,000: one, or one thousand
    return [sign + body]


def _plausible(value: float, expected: float) -> bool:
    if expected == 0:
        return value == 0
    ratio = value / expected
    return 1 / _PLAUSIBLE <= ratio <= _PLAUSIBLE


def _plain(value: float) -> str:
    """A spelling that reads back unambiguously: no grouping, a dot for decimals."""
    return f"{value:.15g}" if "e" not in f"{value:.15g}" else repr(value)
