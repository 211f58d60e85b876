"""`open`: the user answers in their own words and rates themselves.

The typed answer is matched against the key points (`seqprep.keypoints`), and
the answer shows which of them it seems to cover (✔) and which not (·): a hint
for the self-rating, not a score. A key point may list other phrasings that
count as covering it, per language, by its number (1-based):

    key_points:
      ru: [проекции 4 T d^2, скоры и взвешенная сумма 2 T^2 d]
      en: [projections 4 T d^2, scores and the weighted sum 2 T^2 d]
    synonyms:
      ru: {2: ["QK^T и AV стоят 2 T^2 d"]}
      en: {2: ["QK^T and AV cost 2 T^2 d"]}
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Iterator, Optional

from msgspec import Meta

from .. import computed
from ..schema import Prose, Strict
from .base import Outcome, Question, Terminal

Phrasings = Annotated[list[Prose], Meta(min_length=1)]


class Synonyms(Strict):
    """Other phrasings of key points: key point number (1-based) -> phrasings, per language."""

    ru: dict[int, Phrasings] = {}
    en: dict[int, Phrasings] = {}

    def get(self, lang: str) -> dict[int, list[str]]:
        return getattr(self, lang)


class OpenQuestion(Question, tag="open"):
    kind: ClassVar[str] = "open"
    LABEL: ClassVar[dict] = {"ru": "развёрнутый ответ", "en": "open answer"}
    TEXT: ClassVar[dict] = {
        "ru": {"open": "Ваш ответ (несколько строк; пустая строка — показать ответ):"},
        "en": {"open": "Your answer (several lines; an empty line reveals the answer):"},
    }

    synonyms: Optional[Synonyms] = None

    def problems(self) -> Iterator[tuple[str, str]]:
        if self.synonyms is None:
            return
        for lang in ("ru", "en"):
            total = len(self.key_points.get(lang))
            for number in self.synonyms.get(lang):
                if not 1 <= number <= total:
                    yield "synonyms", (f"(synonyms.{lang}.{number}) names key point {number}, "
                                       f"but key_points.{lang} has {total} (numbered from 1)")

    def synonyms_md(self, lang: str) -> list[list[str]]:
        """Per key point, its other phrasings ([] when none), computed numbers filled in."""
        given = self.synonyms.get(lang) if self.synonyms else {}
        return [[computed.render(text, lang) for text in given.get(number, [])]
                for number in range(1, len(self.key_points.get(lang)) + 1)]

    def ask(self, term: Terminal) -> Outcome:
        term.show(self, self.prompt_md(term.lang))
        text = term.lines(self.TEXT[term.lang]["open"], self)
        hits = None
        if text:
            from ..keypoints import covered  # the stemmers load only once there is an answer to match

            hits = covered(text, self.key_points_md(term.lang), synonyms=self.synonyms_md(term.lang))
        return Outcome(None, self.answer_md(term.lang, covered=hits), covered=hits)
