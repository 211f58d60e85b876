"""Words and numbers for the reader's language: the one place the terminal's counts,
values, units, ratings and labels are written.

Every number the quiz, `show`, `stats` and `list` print goes through `number`
(digit groups and the decimal mark of the language, `seqprep.numeric.format_number`)
or `percent`; a number with a noun goes through `count` / `quantity`, which choose
the noun's form:

    >>> count(233, "токен", "ru"), count(16384, "параметр", "ru"), count(21, "вопрос", "ru")
    ('233 токена', '16\\u202f384 параметра', '21 вопрос')
    >>> count(1, "question", "en"), count(5, "question", "en"), quantity(0.5, "ната на токен", "ru")
    ('1 question', '5 questions', '0,5 ната на токен')

Russian has three forms after an integer (1 вопрос, 2 вопроса, 5 вопросов; 11–14
take the third) and the second one after a fraction (0,5 вопроса); English has
two (1 question, 0.5 questions). A unit phrase is inflected by its first word
when `NOUNS` knows it, in any of its forms (the bank writes units as they read
after a large number: «параметров», «токенов/с»), and is kept as written otherwise
(«%», «×», «of the tokens»).
"""

from __future__ import annotations

import re

from .numeric import format_number

# (one, few, many): 1 вопрос, 2 вопроса, 5 вопросов; English (one, other, other)
NOUNS: dict[str, list[tuple[str, str, str]]] = {
    "ru": [
        ("вопрос", "вопроса", "вопросов"), ("параметр", "параметра", "параметров"),
        ("токен", "токена", "токенов"), ("пара", "пары", "пар"), ("строка", "строки", "строк"),
        ("байт", "байта", "байт"), ("бит", "бита", "бит"), ("нат", "ната", "натов"),
        ("шаг", "шага", "шагов"), ("последовательность", "последовательности", "последовательностей"),
        ("позиция", "позиции", "позиций"), ("день", "дня", "дней"), ("час", "часа", "часов"),
        ("минута", "минуты", "минут"), ("раз", "раза", "раз"), ("доля", "доли", "долей"),
        ("пункт", "пункта", "пунктов"), ("ответ", "ответа", "ответов"), ("оценка", "оценки", "оценок"),
        ("запись", "записи", "записей"), ("карточка", "карточки", "карточек"),
    ],
    "en": [
        (w, w + "s", w + "s") for w in (
            "question", "parameter", "token", "pair", "row", "byte", "bit", "nat", "step", "sequence",
            "position", "day", "hour", "minute", "time", "MAC", "point", "answer", "rating", "note", "card")
    ],
}
_FORMS = {lang: {form: forms for forms in table for form in forms} for lang, table in NOUNS.items()}
_FIRST_WORD = re.compile(r"^[^\W\d_]+")

RATINGS = {
    "ru": {1: "Снова", 2: "Трудно", 3: "Хорошо", 4: "Легко"},  # Anki's Russian labels
    "en": {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"},
}
DIFFICULTIES = {
    "ru": {"easy": "лёгкий", "medium": "средний", "hard": "сложный"},
    "en": {"easy": "easy", "medium": "medium", "hard": "hard"},
}
YES_NO = {"ru": ("да", "нет"), "en": ("yes", "no")}
RESET = {  # seqprep reset
    "ru": {"ask": "Забыть прогресс: {n} ({scope})?", "done": "Прогресс забыт: {n} ({scope}).", "all": "все разделы",
           "noun": "вопрос"},
    "en": {"ask": "Forget the progress of {n} ({scope})?", "done": "Reset {n} with progress ({scope}).",
           "all": "all sections", "noun": "question"},
}


def number(value: float, lang: str) -> str:
    """`number(16384, "ru") -> "16 384"` (a narrow no-break space), `"16,384"` in English."""
    return format_number(value, lang)


def percent(share: float, lang: str) -> str:
    """`percent(0.87, "en") -> "87%"`; Russian puts a narrow no-break space before the sign: "87 %"."""
    whole = round(share * 100)
    return f"{number(whole, lang)}\u202f%" if lang == "ru" else f"{number(whole, lang)}%"


def plural_index(value: float, lang: str) -> int:
    """0, 1 or 2: which of (one, few, many) follows `value`.

    >>> [plural_index(n, "ru") for n in (1, 2, 5, 11, 12, 21, 22, 25, 101, 111, 0.5)]
    [0, 1, 2, 2, 2, 0, 1, 2, 0, 2, 1]
    """
    if isinstance(value, bool) or not float(value).is_integer():
        return 1 if lang == "ru" else 2
    n = abs(int(value))
    if lang != "ru":
        return 0 if n == 1 else 2
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def inflect(value: float, phrase: str, lang: str) -> str:
    """`phrase` with its first word in the form that follows `value` (unchanged when unknown)."""
    match = _FIRST_WORD.match(phrase)
    forms = _FORMS.get(lang, {}).get(match.group(0)) if match else None
    if forms is None:
        return phrase
    return forms[plural_index(value, lang)] + phrase[match.end():]


def quantity(value: float, unit: str, lang: str) -> str:
    """The value written for the language, then the unit in the right form:
    `quantity(3072, "параметров", "ru") -> "3 072 параметра"`."""
    return f"{number(value, lang)} {inflect(value, unit, lang)}" if unit else number(value, lang)


def count(n: int, noun: str, lang: str) -> str:
    """`count(2, "вопрос", "ru") -> "2 вопроса"`; `noun` in any of its forms."""
    return quantity(n, noun, lang)


def choose(value: float, forms: tuple[str, str, str], lang: str) -> str:
    """`value` and the one of (one, few, many) that follows it, for words `NOUNS` does not
    hold in the case needed: `choose(1, ("минуту", "минуты", "минут"), "ru") -> "1 минуту"`."""
    return f"{number(value, lang)} {forms[plural_index(value, lang)]}"


def rating(value: int, lang: str) -> str:
    """The name of an FSRS rating, as Anki shows it: `rating(1, "ru") -> "Снова"`."""
    return RATINGS[lang][value]


def difficulty(value: str, lang: str) -> str:
    return DIFFICULTIES[lang][value]


def yes_no(value: bool, lang: str) -> str:
    return YES_NO[lang][0 if value else 1]
