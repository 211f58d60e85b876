"""The question schema: what one entry of `questions/*.yaml` may contain.

Four kinds share the common fields and add their own:

* ``open``     the user rates themselves after reading the model answer;
* ``choice``   ``options`` with one or more ``correct: true``; auto-graded;
* ``numeric``  ``compute`` names a function in ``answers/`` that is called
               with parameters drawn from ``params``; auto-graded within
               ``tolerance``;
* ``code``     ``task`` names a coding task of ``seqprep start``.

Validation errors are turned into one-line messages by `seqprep.bank`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .sections import DIFFICULTIES, KINDS, SECTIONS  # noqa: F401 - re-exported
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REF = r"^answers(?:\.[A-Za-z_][A-Za-z0-9_]*)+$"
PLACEHOLDER = re.compile(r"\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]")

Section = Literal[tuple(SECTIONS)]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A string in both languages."""

    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @field_validator("ru", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    def get(self, lang: str) -> str:
        return getattr(self, lang)


class TextList(_Strict):
    """Parallel lists of strings, one per language, of equal length."""

    ru: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _same_length(self) -> "TextList":
        if len(self.ru) != len(self.en):
            raise ValueError(f"has {len(self.ru)} items in ru but {len(self.en)} in en")
        return self

    def get(self, lang: str) -> list[str]:
        return getattr(self, lang)


class Option(_Strict):
    text: Text
    correct: bool = False
    why: Optional[Text] = None


class Tolerance(_Strict):
    """Accept |x - y| <= max(abs, rel * |y|)."""

    rel: float = Field(default=0.0, ge=0)
    abs: float = Field(default=0.0, ge=0)

    @model_validator(mode="after")
    def _some(self) -> "Tolerance":
        if self.rel == 0 and self.abs == 0:
            raise ValueError("needs rel or abs greater than 0")
        return self

    def accepts(self, given: float, expected: float) -> bool:
        return abs(given - expected) <= max(self.abs, self.rel * abs(expected))


class QuestionBase(_Strict):
    id: str = Field(pattern=SLUG)
    section: Section
    kind: str
    difficulty: Literal["easy", "medium", "hard"]
    tags: list[str] = []
    prompt: Text
    answer: Text
    key_points: TextList
    hint: Optional[Text] = None
    follow_ups: list[str] = []
    refs: list[Annotated[str, Field(pattern=REF)]] = []

    def title(self, lang: str) -> str:
        """The prompt's first sentence, plain text, at most 90 characters."""
        return make_title(self.prompt.get(lang))


class OpenQuestion(QuestionBase):
    kind: Literal["open"]


class ChoiceQuestion(QuestionBase):
    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)

    @field_validator("options")
    @classmethod
    def _one_correct(cls, options: list[Option]) -> list[Option]:
        if not any(o.correct for o in options):
            raise ValueError("needs at least one option with correct: true")
        return options

    @property
    def multiple(self) -> bool:
        """More than one correct option: the user must pick all of them."""
        return sum(o.correct for o in self.options) > 1


class NumericQuestion(QuestionBase):
    kind: Literal["numeric"]
    compute: str = Field(pattern=REF)
    params: dict[str, list[Union[bool, int, float]]] = {}
    tolerance: Tolerance
    formula: str = Field(min_length=1)
    unit: Optional[Text] = None

    @field_validator("params")
    @classmethod
    def _non_empty(cls, params: dict) -> dict:
        for name, values in params.items():
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                raise ValueError(f"parameter name {name!r} is not an identifier")
            if not values:
                raise ValueError(f"parameter {name!r} has no values to draw from")
        return params

    @model_validator(mode="after")
    def _placeholders_known(self) -> "NumericQuestion":
        for lang in ("ru", "en"):
            for name in PLACEHOLDER.findall(self.prompt.get(lang)):
                if name not in self.params:
                    raise ValueError(f"prompt.{lang} uses [[{name}]] but params has no {name!r}")
        return self


class CodeQuestion(QuestionBase):
    kind: Literal["code"]
    task: str = Field(pattern=SLUG)


MODELS: dict[str, type[QuestionBase]] = {
    "open": OpenQuestion,
    "choice": ChoiceQuestion,
    "numeric": NumericQuestion,
    "code": CodeQuestion,
}

Question = Union[OpenQuestion, ChoiceQuestion, NumericQuestion, CodeQuestion]

_MD = re.compile(r"[*_`#>]|\$+")


def make_title(prompt: str, limit: int = 90) -> str:
    """`make_title("What is **BPE**? Explain.") -> "What is BPE?"`."""
    first = prompt.strip().splitlines()[0]
    match = re.search(r"(?<=[.?!])\s", first)
    if match:
        first = first[: match.start()]
    first = _MD.sub("", PLACEHOLDER.sub("…", first)).strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
