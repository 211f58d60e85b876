"""`choice`: pick one option, or all the correct ones when several are correct.

Graded automatically. A variant is the order the options are shown in (the
quiz shuffles them; `show`, the site and Anki keep the written order), and the
answer judges each option by the number it was shown under:

    - **1** ✔ — why it is right
    - **2** ✘ — why it is wrong
"""

from __future__ import annotations

import random
from typing import Annotated, Any, ClassVar, Iterator, Optional

from msgspec import Meta

from .. import computed, i18n
from ..schema import Strict, Text
from .base import Outcome, Question, Terminal


class Option(Strict):
    text: Text
    correct: bool = False
    why: Optional[Text] = None


class ChoiceQuestion(Question, tag="choice"):
    kind: ClassVar[str] = "choice"
    LABEL: ClassVar[dict] = {"ru": "выбор", "en": "choice"}
    TEXT: ClassVar[dict] = {
        "ru": {"choice_one": "Номер ответа:", "choice_many": "Номера всех верных ответов (через запятую):",
               "bad_choice": "Введите номера от 1 до {n}."},
        "en": {"choice_one": "Option number:", "choice_many": "Numbers of all correct options (comma-separated):",
               "bad_choice": "Type numbers from 1 to {n}."},
    }

    options: Annotated[list[Option], Meta(min_length=2)]

    @property
    def multiple(self) -> bool:
        """More than one correct option: the user must pick all of them."""
        return sum(o.correct for o in self.options) > 1

    @property
    def correct(self) -> set[int]:
        """Indices (0-based, as written) of the correct options."""
        return {i for i, o in enumerate(self.options) if o.correct}

    def problems(self) -> Iterator[tuple[str, str]]:
        if not self.correct:
            yield "options", "needs at least one option with correct: true"

    def draw(self, rng: random.Random) -> list[int]:
        """A shuffled order: position -> index of the option as written."""
        order = list(range(len(self.options)))
        rng.shuffle(order)
        return order

    def _order(self, variant: Optional[list[int]]) -> list[int]:
        return list(range(len(self.options))) if variant is None else variant

    def options_md(self, lang: str, variant: Any = None) -> list[str]:
        return [computed.render(self.options[i].text.get(lang), lang) for i in self._order(variant)]

    def details_md(self, lang: str, variant: Any = None) -> list[str]:
        lines = []
        for number, index in enumerate(self._order(variant), 1):
            option = self.options[index]
            why = f" — {computed.render(option.why.get(lang), lang)}" if option.why else ""
            lines.append(f"- **{number}** {'✔' if option.correct else '✘'}{why}")
        return ["\n".join(lines)]

    def ask(self, term: Terminal) -> Outcome:
        text = self.TEXT[term.lang]
        order = self.draw(term.rng)
        term.show(self, self.prompt_md(term.lang))
        term.options(self.options_md(term.lang, order))
        n = len(order)
        while True:
            line = term.line(text["choice_many" if self.multiple else "choice_one"], self)
            parts = line.replace(",", " ").split()
            if parts and all(p.isdigit() and 1 <= int(p) <= n for p in parts) and (self.multiple or len(parts) == 1):
                break
            term.warn(text["bad_choice"].format(n=i18n.number(n, term.lang)))
        picked = {order[int(p) - 1] for p in parts}
        return Outcome(picked == self.correct, self.answer_md(term.lang, order))

    def self_check(self) -> dict:
        return {"mode": "pick", "correct": sorted(self.correct), "multiple": self.multiple}
