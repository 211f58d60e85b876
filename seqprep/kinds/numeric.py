"""`numeric`: a number, computed by the reference code for parameters drawn each time.

`compute` names a function in `answers/`; `params` lists the values each of
its keyword arguments may take, and `[[name]]` in the prompt shows the drawn
value. A variant is one drawn set of parameters; the fixed one takes the first
value of each. The answer is never stored in the bank:

    >>> q.value({"d": 300, "h": 512, "V": 30000, "bias": False})   # answers.complexity.rnn_param_count
    15775744.0

A typed answer is right when |given - value| <= max(tolerance.abs, tolerance.rel * |value|).
"""

from __future__ import annotations

import importlib
import random
from typing import Annotated, Any, ClassVar, Iterator, Optional, Union

from msgspec import Meta

from .. import i18n, numeric
from ..numparse import parse_number
from ..schema import PLACEHOLDER, Identifier, Ref, Strict, Text
from ..texmath import tex_formula
from .base import MissingRef, Outcome, Question, Terminal

LABELS = {"ru": {"formula": "Формула", "value": "Правильное значение"},
          "en": {"formula": "Formula", "value": "Correct value"}}


class Tolerance(Strict):
    """Accept |x - y| <= max(abs, rel * |y|): `Tolerance(rel=0.01).accepts(15.8e6, 15775744) -> True`."""

    rel: Annotated[float, Meta(ge=0)] = 0.0
    abs: Annotated[float, Meta(ge=0)] = 0.0

    def __post_init__(self) -> None:
        if self.rel == 0 and self.abs == 0:
            raise ValueError("needs rel or abs greater than 0")

    def accepts(self, given: float, expected: float) -> bool:
        return abs(given - expected) <= max(self.abs, self.rel * abs(expected))


class NumericQuestion(Question, tag="numeric"):
    kind: ClassVar[str] = "numeric"
    LABEL: ClassVar[dict] = {"ru": "расчёт", "en": "numeric"}
    TEXT: ClassVar[dict] = {"ru": {"numeric": "Ваш ответ (число):"}, "en": {"numeric": "Your answer (a number):"}}

    compute: Ref
    tolerance: Tolerance
    formula: Annotated[str, Meta(min_length=1)]
    params: dict[Identifier, Annotated[list[Union[bool, int, float]], Meta(min_length=1)]] = {}
    unit: Optional[Text] = None

    def problems(self) -> Iterator[tuple[str, str]]:
        for lang in ("ru", "en"):
            for name in PLACEHOLDER.findall(self.prompt.get(lang)):
                if name not in self.params:
                    yield "prompt", f"(prompt.{lang}) uses [[{name}]] but params has no '{name}'"

    def check_links(self, missing_ref: MissingRef) -> Iterator[tuple[str, str]]:
        missing = missing_ref(self.compute, callable_with=set(self.params))
        if missing:
            yield "compute", missing

    # --- variants: drawn parameters -------------------------------------------------

    def draw(self, rng: random.Random) -> dict[str, Any]:
        """One value per parameter, chosen uniformly from its list."""
        return {name: rng.choice(values) for name, values in self.params.items()}

    def fixed(self) -> dict[str, Any]:
        """The first value of every parameter: what `show`, the site and Anki display."""
        return {name: values[0] for name, values in self.params.items()}

    def value(self, params: Optional[dict[str, Any]] = None) -> float:
        """Call `compute` from answers/ with `params` (default: the fixed ones)."""
        module_name, _, func_name = self.compute.rpartition(".")
        func = getattr(importlib.import_module(module_name), func_name)
        return float(func(**(self.fixed() if params is None else params)))

    # --- Markdown --------------------------------------------------------------------

    def prompt_md(self, lang: str, variant: Any = None) -> str:
        return numeric.fill(super().prompt_md(lang), self.fixed() if variant is None else variant, lang)

    def details_md(self, lang: str, variant: Any = None) -> list[str]:
        params = self.fixed() if variant is None else variant
        labels = LABELS[lang]
        shown = "; ".join(f"{k} = {i18n.number(v, lang)}" for k, v in params.items())
        unit = self.unit.get(lang) if self.unit else ""
        return [f"**{labels['formula']}:** ${tex_formula(self.formula)}$",
                f"**{labels['value']}:** {i18n.quantity(self.value(params), unit, lang)}"
                + (f" ({shown})" if shown else "")]

    # --- asking -----------------------------------------------------------------------

    def ask(self, term: Terminal) -> Outcome:
        params = self.draw(term.rng)
        term.show(self, self.prompt_md(term.lang, params))
        value = None  # computed after the first answer: the prompt never waits for answers/
        while True:
            line = term.line(self.TEXT[term.lang]["numeric"], self)
            value = self.value(params) if value is None else value
            read = parse_number(line, term.lang, expected=value)
            if read.ok:
                given = read.value
                break
            term.warn(read.message)  # why it is not a number, or which reading of the comma
        correct = self.tolerance.accepts(given, value)
        return Outcome(correct, self.answer_md(term.lang, params))

    def self_check(self) -> dict:
        unit = {lang: self.unit.get(lang) for lang in ("ru", "en")} if self.unit else None
        return {"mode": "number", "value": self.value(), "rel": self.tolerance.rel, "abs": self.tolerance.abs,
                "unit": unit}
