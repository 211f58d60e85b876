"""`open`: the user answers in their own words and rates themselves.

The typed answer is matched against the key points (`seqprep.keypoints`), and
the answer shows which of them it covered (✔) and which not (·).
"""

from __future__ import annotations

from typing import ClassVar

from .base import Outcome, Question, Terminal


class OpenQuestion(Question, tag="open"):
    kind: ClassVar[str] = "open"
    LABEL: ClassVar[dict] = {"ru": "развёрнутый ответ", "en": "open answer"}
    TEXT: ClassVar[dict] = {
        "ru": {"open": "Ваш ответ (несколько строк; пустая строка — показать ответ):"},
        "en": {"open": "Your answer (several lines; an empty line reveals the answer):"},
    }

    def ask(self, term: Terminal) -> Outcome:
        term.show(self, self.prompt_md(term.lang))
        text = term.lines(self.TEXT[term.lang]["open"], self)
        hits = None
        if text:
            from ..keypoints import covered  # the stemmers load only once there is an answer to match

            hits = covered(text, self.key_points_md(term.lang))
        return Outcome(None, self.answer_md(term.lang, covered=hits), covered=hits)
