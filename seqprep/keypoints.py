"""Which key points a free-text answer covered: a hint for self-rating, not a score.

An answer and a key point are each read as words and formulas:

* **Words** are stemmed (Snowball: Cyrillic words in Russian, Latin ones in English,
  so an answer may mix them). A Russian stem also stands for itself without a common
  derivational suffix (-ыва/-ива/-ова/-ева, -ан/-ен, -а/-я, -к) and without an aspect
  prefix (с-, за-, по-, вы-, пере-, …), so затухают/затухание, взрываются/взрыв,
  копировать/скопировать, сравнить/сравниваем, обучить/обучаем meet. Code names
  (`in_proj_weight`, `F.scaled_dot_product_attention`) are words kept as typed.
* **Formulas** (runs of tokens with digits, `^ * / + ( )` or one-letter variables)
  are compared in canonical form (`seqprep.formula`): `T^2 d`, `T^2d`, `d T^2` are
  equal, `4Td^2` equals `4 T d^2`, `O(T (h^2 + h d))` equals `T h^2 + T h d`. A lone
  variable or number (`T`, `4`) counts like a word.

A key point is covered when its words and the formulas the answer has (equal, or a
term or factor of one there, see `Formula.contains`) reach `threshold` of its weight,
a formula weighing two words, and no formula of the answer contradicts one of it: a
polynomial in the same variables (or fewer) that is not it. So a wrong formula in the
right words is not ticked, and a right formula with few words is; a formula the
answer does not mention at all only costs its weight. A key point may come with synonyms
(other phrasings); it is covered when any phrasing is.

    >>> covered("Градиенты затухают, если радиус меньше единицы",
    ...         ["градиент затухает при спектральном радиусе < 1", "LSTM помогает"])
    [True, False]
    >>> covered("wrong: O(T^3) quadratic cost", ["quadratic cost O(T^2 d)"])
    [False]
    >>> covered("it is 2T^2d and 4 T d^2", ["scores 2 T^2 d, projections 4Td^2"])
    [True]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import snowballstemmer

from .formula import Formula, parse, plain

_WORD = re.compile(r"[a-z]+|[а-яё]+", re.IGNORECASE)
_STOP = frozenset("""
a an the of to in on at by for with and or not no is are be was were it its this that
as from than then so if into over under per each any all can may must do does
и в во на по к ко с со о об от до из за для не ни но а или ли же то это как что
чем при без под над через его её их он она оно они мы вы ты я у быть есть
""".split())
FORMULA_WEIGHT = 2  # a formula counts as much as two words

_ru = snowballstemmer.stemmer("russian")
_en = snowballstemmer.stemmer("english")
_RU_SUFFIXES = ("ыва", "ива", "ова", "ева", "ан", "ен", "а", "я", "к")
_RU_PREFIXES = ("пере", "раз", "рас", "без", "бес", "при", "про", "под", "над", "вз", "вс", "вы",
                "за", "из", "ис", "на", "об", "от", "по", "до", "с")
_MIN_STEM = 4  # a reduction shorter than this is not kept

# where a formula ends even inside a run of math: clause punctuation, relations, dashes
_BREAK = set(",;:!?=<>≤≥≈→—–\n")
_CODE = re.compile(r"[A-Za-z_]\w*(?:[._]\w+)+")
_OPERATOR = frozenset({"+", "-", "−", "*", "/", "·", "×"})
_TRIM = "`\"'«»“”„.,;:!?"
_BRACKETS = "()[]{}"
_WORDLIKE = re.compile(r"(?=.*[a-z])(?=.*[A-Za-z]{3})[A-Za-z\d]+"   # word2vec, float16, int8
                       r"|[A-Z]{2,}-\d+[A-Za-z]*|\d+-[A-Za-z]{3,}"   # GPT-3, 13-grams
                       r"|[a-z]{2}\d{1,2}"                             # fp32, bf16
                       r"|\d+(\.\d+)?[kmbgKMBG]|[A-Za-z-]*[A-Za-z]{3}[A-Za-z-]*")  # 250k; words


@lru_cache(maxsize=16384)
def word_keys(word: str) -> frozenset:
    """The keys a word matches by: its stem and, for Russian, its reductions.

    >>> sorted(word_keys("скопировать"))
    ['копир', 'копиров', 'копирова', 'скопир', 'скопиров', 'скопирова']
    """
    word = word.lower().replace("ё", "е")
    if not re.match(r"[а-я]", word):
        return frozenset({_en.stemWord(word)})
    stem = _ru.stemWord(word)
    keys = {stem} | {stem[:-len(s)] for s in _RU_SUFFIXES if stem.endswith(s) and len(stem) - len(s) >= _MIN_STEM}
    keys |= {key[len(p):] for key in list(keys) for p in _RU_PREFIXES
             if key.startswith(p) and len(key) - len(p) >= _MIN_STEM}
    return frozenset(keys)


def stems(text: str) -> set[str]:
    """Content-word stems: `stems("The gradients vanish") -> {"gradient", "vanish"}`."""
    return {_stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1}


def _stem(word: str) -> str:
    word = word.lower().replace("ё", "е")
    return (_ru if re.match(r"[а-я]", word) else _en).stemWord(word)


@dataclass(frozen=True)
class Reading:
    """A text read as word units (each a set of keys) and formulas."""

    units: tuple  # (frozenset of keys, ...): words, code names, lone variables and numbers
    formulas: tuple  # (Formula, ...) with more than one symbol

    def keys(self) -> set:
        """Every key the text offers, the variables and numbers inside its formulas too."""
        out = set().union(*self.units) if self.units else set()
        for formula in self.formulas:
            out |= set(_symbols(formula))
        return out


@lru_cache(maxsize=4096)
def read(text: str) -> Reading:
    units: list = []
    formulas: list = []
    text = re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"\1", plain(text))  # **bold** is not a product,
    text = re.sub(r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])", r"\1", text)  # nor *italics*
    for segment in _segments(text):
        tokens = [t.strip(_TRIM) for t in segment.split()]
        kinds = _kinds([t for t in tokens if t])
        group: list[str] = []
        for token, kind in zip([t for t in tokens if t], kinds):
            if kind == "math" and group and token[0].isdigit() and re.search(r"[A-Za-z]$", group[-1]):
                _close(group, units, formulas)  # "AV 2 T^2 d": a coefficient starts a new formula
                group = []
            if kind == "math":
                group.append(token)
                continue
            _close(group, units, formulas)
            group = []
            units.extend(_word_units(token))
        _close(group, units, formulas)
    return Reading(tuple(dict.fromkeys(units)), tuple(dict.fromkeys(formulas)))


def covered(answer: str, key_points: Sequence[str], threshold: float = 0.5,
            synonyms: Optional[Sequence[Sequence[str]]] = None) -> list[bool]:
    """One bool per key point: did `answer` cover it (by any of its phrasings)?

    `synonyms[i]` lists other phrasings of `key_points[i]` (an empty list when none).
    """
    said = read(answer)
    said_keys = said.keys()
    alternatives = synonyms or [()] * len(key_points)
    return [any(_covers(said, said_keys, read(p), threshold) for p in (point, *others))
            for point, others in zip(key_points, alternatives)]


def _covers(said: Reading, said_keys: set, point: Reading, threshold: float) -> bool:
    pieces = [piece for f in said.formulas for piece in f.pieces()]
    matched = 0
    for wanted in point.formulas:
        if any(f.contains(wanted) for f in pieces):
            matched += 1
        elif any(f.is_polynomial() and not f.is_atom() and f.variables() <= wanted.variables()
                 and not any(part.contains(f) for part in wanted.parts) for f in pieces):
            return False  # another formula in the same variables: O(T^3) where O(T^2 d) is meant
    words = sum(bool(unit & said_keys) for unit in point.units)
    weight = len(point.units) + FORMULA_WEIGHT * len(point.formulas)
    score = words + FORMULA_WEIGHT * matched
    return weight > 0 and score >= 1 and score >= threshold * weight


# --- reading a text --------------------------------------------------------------


def _segments(text: str) -> list[str]:
    """Split at clause punctuation and relations outside brackets, and at '. '."""
    out, current, depth = [], [], 0
    for i, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        depth = max(depth, 0)
        end_of_sentence = char == "." and (i + 1 == len(text) or text[i + 1].isspace())
        if depth == 0 and (char in _BREAK or end_of_sentence):
            out.append("".join(current))
            current = []
        else:
            current.append(char)
    out.append("".join(current))
    return out


def _kinds(tokens: list[str]) -> list[str]:
    """'math' or 'word' per token. Two-letter names (`hd`, `QK`), short subscripted names
    (`d_k`) and lone brackets are math only next to math: `h^2 + hd` but not `hd is`."""
    kinds = [_kind(t) for t in tokens]
    changed = True
    while changed:
        changed = False
        for i, kind in enumerate(kinds):
            if kind == "maybe" and "math" in kinds[max(i - 1, 0):i] + kinds[i + 1:i + 2]:
                kinds[i], changed = "math", True
    return ["math" if k == "math" else "word" for k in kinds]


def _kind(token: str) -> str:
    core = token.strip(_BRACKETS)
    if token in _OPERATOR:
        return "math"
    if not core:
        return "maybe"  # a lone bracket
    if _CODE.fullmatch(core):  # in_proj_weight, F.scaled_dot_product_attention; d_k may be math
        return "maybe" if re.fullmatch(r"[A-Za-z]{1,2}_\w+", core) else "word"
    if re.fullmatch(r"[A-Za-zα-ωΑ-Ω]", core):
        return "word" if core in ("a", "I") else "math"
    if re.fullmatch(r"[A-Za-z]{2}", core):
        return "word" if core.lower() in _STOP else "maybe"
    if re.search(r"[а-яё]{2}", core, re.IGNORECASE) or re.fullmatch(r"[^\W\d_]{2,}(/[^\W\d_]{2,})+", core):
        return "word"  # Cyrillic; LSTM/GRU, encoder/decoder
    inner = core if token.startswith(("(", "[")) else token
    if re.search(r"[\^*/+=]", core) or re.search(r"\w[(\[]", inner):
        return "math"  # h^2, QK^T/sqrt(d_k), T(h, diag(1
    if _WORDLIKE.fullmatch(core):
        return "word"  # word2vec, float16, GPT-3, 13-grams, (Press; 250k, 7B; but 4BTV is math
    return "math" if re.search(r"\d", core) else "word"


def _close(group: list[str], units: list, formulas: list) -> None:
    prose = bool(group) and (group[0] in _OPERATOR or group[-1] in _OPERATOR)
    while group and group[0] in _OPERATOR:
        group.pop(0)
    while group and group[-1] in _OPERATOR:
        group.pop()
    if not group:
        return
    text = " ".join(group)
    formula = parse(text)
    units.extend(_code_units(text))
    if formula.is_atom():
        units.append(frozenset({str(formula)}))
    elif prose:  # "layers · KV heads · d_head · T": words multiplied, a formula only in part
        units.append(frozenset(formula.variables()))
    else:
        formulas.append(formula)


def _code_units(text: str) -> list:
    """`torch.testing.assert_close` is also `testing.assert_close` and `assert_close`."""
    out = []
    for name in _CODE.findall(text):
        parts = name.split(".")
        out.append(frozenset(".".join(parts[i:]) for i in range(len(parts))))
    return out


def _word_units(token: str) -> list:
    core = token.strip(_BRACKETS)
    if _CODE.fullmatch(core):
        return _code_units(core)
    if re.fullmatch(r"\d+(\.\d+)?[kmbgKMBG]", core):
        return [frozenset({core.lower()})]
    return [word_keys(w) for w in _WORD.findall(token) if w.lower() not in _STOP and len(w) > 1]


def _symbols(formula: Formula):
    """Variable names and numbers of a formula: `4Td^2` has 4, T and d."""
    for piece in formula.pieces():
        if piece.text:
            yield from re.findall(r"\w+", piece.text)
        for monomial, coefficient in piece.terms:
            if coefficient.denominator == 1 and coefficient != 1:
                yield str(abs(coefficient))
            for variable, _ in monomial:
                yield variable
