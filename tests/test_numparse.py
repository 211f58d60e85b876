"""Reading typed numbers fairly in both languages (seqprep.numparse).

Expected values are written by hand or built from the number a test generated,
never taken from the parser."""

from __future__ import annotations

import functools
import importlib
import itertools
import random
import re
import sys
from pathlib import Path

import pytest
import yaml

from seqprep.numparse import parse_number

ROOT = Path(__file__).resolve().parent.parent

# text, value; the same in Russian and English
BOTH = [
    # every format the README lists
    ("15775744", 15775744), ("15,775,744", 15775744), ("15 775 744", 15775744),
    ("15.8M", 15.8e6), ("1.2e7", 1.2e7),
    # thousands grouping, every separator people use
    ("1,000,000", 1e6), ("15.775.744", 15775744), ("15\u00a0775\u00a0744", 15775744),
    ("15\u202f775\u202f744", 15775744), ("15\u2009775\u2009744", 15775744), ("15_775_744", 15775744),
    ("15'775'744", 15775744), ("1,000,000.5", 1000000.5), ("12.345,67", 12345.67),
    ("15 775,5", 15775.5), ("1\u202f000,25", 1000.25),
    # decimal commas: what a Russian prompt itself prints (ρ = 0,9)
    ("0,841", 0.841), ("0,969", 0.969), ("0,5", 0.5), ("1,5", 1.5), ("15,8", 15.8), ("2,25", 2.25),
    ("1234,567", 1234.567), (",5", 0.5), ("-0,125", -0.125), ("3,14159", 3.14159),
    # signs: ASCII, the Unicode minus, an en dash typed as a minus
    ("\u22120.544", -0.544), ("\u22120,544", -0.544), ("\u20130.5", -0.5), ("-3", -3), ("+3", 3), ("- 3", -3),
    # suffixes, exponents, powers of ten
    ("15.8 m", 15.8e6), ("15,8 млн", 15.8e6), ("20.8k", 20800), ("3 тыс", 3000), ("3 тыс.", 3000),
    ("2B", 2e9), ("1 млрд", 1e9), ("7 к", 7000), ("1.2E7", 1.2e7), ("1e-3", 0.001), ("8,882e-16", 8.882e-16),
    ("1.2×10^7", 1.2e7), ("1.2*10**7", 1.2e7), ("1,5 × 10^{-3}", 1.5e-3),
    # plain
    (".25", 0.25), ("5.", 5), ("0", 0), ("1.000", 1.0), ("  42  ", 42),
]


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("text, value", BOTH)
def test_numbers_read_the_same_in_both_languages(text, value, lang):
    result = parse_number(text, lang)
    assert result.ok and not result.ambiguous and result.message == ""
    assert result.value == pytest.approx(value, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("text, expected, value", [
    ("96.9%", 0.969, 0.969), ("96,9 %", 0.969, 0.969), ("50%", None, 0.5), ("12.5 %", 0.125, 0.125),
    ("−3%", -0.03, -0.03),
])
def test_percent_where_the_answer_is_a_fraction(text, expected, value):
    for lang in ("ru", "en"):
        assert parse_number(text, lang, expected=expected).value == value  # exact: 96.9% is 0.969


def test_percent_is_refused_where_the_answer_is_not_a_fraction():
    assert "not a fraction" in parse_number("50%", "en", expected=50).message
    assert "не доля" in parse_number("50%", "ru", expected=50).message


@pytest.mark.parametrize("text, expected, readings", [
    ("1,000", None, (1.0, 1000.0)),          # nothing to tell them apart: ask
    ("1,000", 1.0, (1.0, 1000.0)),           # the answer is near 1: the comma decides the verdict
    ("1,000", 1000.0, (1.0, 1000.0)),        # near 1000: the same question, in the other direction
    ("15,775", 15.8, (15.775, 15775.0)),
    ("-2,500", -2.5, (-2.5, -2500.0)),
    ("1,500 тыс", 1500.0, (1500.0, 1.5e6)),   # a suffix does not settle it
])
def test_a_comma_that_could_be_either_gets_a_question_back(text, expected, readings):
    for lang, words in (("en", "Type"), ("ru", "Введите")):
        result = parse_number(text, lang, expected=expected)
        assert result.ambiguous and result.value is None
        assert result.readings == readings
        assert words in result.message and "\n" not in result.message
        # both spellings the question suggests read back unambiguously as the two readings
        suggested = re.findall(r"\b(?:Type|Введите) (\S+) (?:or|или) (\S+)$", result.message)[0]
        assert tuple(parse_number(s, lang).value for s in suggested) == readings


def test_no_question_when_the_answer_is_wrong_either_way():
    # 15,775 is neither 15.775 nor 15 775 close to 15 775 744: each language's own reading
    assert parse_number("15,775", "ru", expected=15775744).value == 15.775
    assert parse_number("15,775", "en", expected=15775744).value == 15775


@pytest.mark.parametrize("text", ["", "   ", "abc", "nan", "inf", "1.2.3", "1,2,3", "15 77", "12 parsecs",
                                  "1e400", "1,,000", "1.000,000,5", "--3", "0x10", "1/2", "%"])
def test_garbage_gets_a_reason_in_the_users_language(text):
    en, ru = parse_number(text, "en"), parse_number(text, "ru")
    assert not en.ok and not en.ambiguous and en.message and en.message.isascii()
    assert not ru.ok and re.search(r"[а-яё]", ru.message)


def test_generated_numbers_in_every_spelling():
    """4000 random numbers, each written the ways people write it; the value each spelling
    must read as is known from the generator. A single comma before exactly three digits
    (and after 1-3 digits, no leading zero) is the one ambiguous shape."""
    rng = random.Random(20261130)
    ambiguous_shape = re.compile(r"-?[1-9]\d{0,2},\d{3}")
    for _ in range(4000):
        integer = rng.choice([rng.randrange(10), rng.randrange(1000), rng.randrange(10**9)])
        digits = rng.randint(1, 4)
        fraction = rng.randrange(10**digits)
        sign = rng.choice(["", "-"])
        exact = float(f"{sign}{integer}.{fraction:0{digits}d}")
        grouped = f"{integer:,}"
        spellings = {
            f"{sign}{integer}.{fraction:0{digits}d}": exact,                              # 1234.5
            f"{sign}{grouped}.{fraction:0{digits}d}": exact,                              # 1,234.5
            f"{sign}{grouped.replace(',', chr(0x202F))},{fraction:0{digits}d}": exact,   # 1 234,5
            f"{sign}{grouped.replace(',', '.')},{fraction:0{digits}d}": exact,            # 1.234,5
            f"{sign}{grouped}": float(f"{sign}{integer}"),                                # 1,234
        }
        for text, value in spellings.items():
            for lang in ("ru", "en"):
                result = parse_number(text, lang)
                if "," in text and "." not in text and " " not in text.replace("\u202f", " ") \
                        and "\u202f" not in text and ambiguous_shape.fullmatch(text):
                    whole, _, frac = text.partition(",")
                    assert result.readings == (float(f"{whole}.{frac}"), float(whole + frac)), text
                else:
                    assert result.value == value, (text, lang, result)


@functools.lru_cache(maxsize=1)
def _bank_yaml() -> list[dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [q for path in sorted((ROOT / "questions").glob("*.yaml"))
            for q in yaml.load(path.read_text(encoding="utf-8"), Loader=loader)]


def _bank_numeric(qid: str):
    """A numeric question's parameter grid, compute function and tolerance, read from the
    YAML itself (not through seqprep's loader)."""
    q = next(q for q in _bank_yaml() if q["id"] == qid)
    module, _, name = q["compute"].rpartition(".")
    sys.path.insert(0, str(ROOT))
    try:
        func = getattr(importlib.import_module(module), name)
    finally:
        sys.path.remove(str(ROOT))
    return q["params"], func, q["tolerance"]


def _accepts(tolerance: dict, given: float, value: float) -> bool:
    if "abs" in tolerance:
        return abs(given - value) <= tolerance["abs"]
    return abs(given - value) <= tolerance["rel"] * abs(value)


@pytest.mark.parametrize("qid", ["attn-pizza-softmax", "tvr-pe-value", "attn-scale-value", "pc-gradient-factor"])
def test_russian_decimal_commas_are_graded_right_on_the_questions_that_marked_them_wrong(qid):
    """Every parameter combination, the answer typed as a Russian candidate types it
    (decimal comma; grouped by thin spaces when large): never read as wrong. When the
    comma could also be a thousands separator, the candidate is asked, and the decimal
    reading (what they meant) is right."""
    params, func, tolerance = _bank_numeric(qid)
    names = list(params)
    for combo in itertools.product(*(params[n] for n in names)):
        value = float(func(**dict(zip(names, combo))))
        typed = {f"{value:.4g}".replace(".", ",")}
        if "abs" in tolerance or abs(value) >= 1:  # three decimals are precise enough here
            typed.add(f"{value:.3f}".replace(".", ","))
        if abs(value) >= 1000:
            typed.add(f"{value:,.2f}".replace(",", "\u202f").replace(".", ","))
        for text in typed:
            result = parse_number(text, "ru", expected=value)
            given = result.readings[0] if result.ambiguous else result.value
            assert given is not None and _accepts(tolerance, given, value), (qid, combo, text, result)
            assert result.ambiguous == bool(re.fullmatch(r"-?[1-9]\d{0,2},\d{3}", text)), (text, result)


# --- the quiz's numeric questions read answers with it ------------------------------


class _Terminal:
    """The quiz's side of `ask()`, scripted: the lines typed, the warnings shown."""

    def __init__(self, lang: str, typed: list[str]):
        self.lang, self.rng, self.typed, self.warnings = lang, random.Random(0), list(typed), []

    def show(self, q, markdown):
        pass

    def line(self, prompt, q):
        return self.typed.pop(0)

    def warn(self, text):
        self.warnings.append(text)


def _thousand():
    """A numeric question whose answer is 1000: T (h^2 + h d) with T = 1, h = 10, d = 90."""
    from seqprep.kinds import parse as parse_question

    return parse_question(dict(
        id="q", section="rnn-complexity", kind="numeric", difficulty="easy",
        prompt={"ru": "h=[[h]], d=[[d]]", "en": "h=[[h]], d=[[d]]"},
        answer={"ru": "x", "en": "x"}, key_points={"ru": ["a"], "en": ["a"]},
        compute="answers.complexity.rnn_forward_macs", params={"T": [1], "h": [10], "d": [90]},
        tolerance={"rel": 0.01}, formula="T (h^2 + h d)"))


@pytest.mark.parametrize("lang, typed, correct, asked", [
    ("en", ["1,000", "1000"], True, 1),     # the comma could be either: asked, then answered
    ("ru", ["1,000", "1"], False, 1),       # asked; the Russian reading (one) is wrong
    ("ru", ["1 000"], True, 0),             # unambiguous grouping: no question
    ("en", ["1e3"], True, 0),
    ("ru", ["много", "1000"], True, 1),     # not a number: said why, read again
])
def test_the_quiz_asks_back_instead_of_guessing(lang, typed, correct, asked):
    term = _Terminal(lang, typed)
    outcome = _thousand().ask(term)
    assert outcome.correct is correct and not term.typed
    assert len(term.warnings) == asked
    if typed[0] == "1,000":
        assert "1000" in term.warnings[0] and ("Type" in term.warnings[0] or "Введите" in term.warnings[0])
