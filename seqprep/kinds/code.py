"""`code`: the answer is a program; `task` names the coding task of `seqprep start`.

In the terminal the task's statement is shown and the user rates themselves; a
passing `seqprep submit` of the task counts as a review too
(`seqprep.grading.progress`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Iterator, Optional

from ..schema import Slug
from .base import MissingRef, Outcome, Question, Terminal

START = {"ru": "Начать: `seqprep start {task}`, затем `seqprep submit {task}.py`",
         "en": "Start with `seqprep start {task}`, then `seqprep submit {task}.py`"}


class CodeQuestion(Question, tag="code"):
    kind: ClassVar[str] = "code"
    LABEL: ClassVar[dict] = {"ru": "код", "en": "code"}
    TEXT: ClassVar[dict] = {
        "ru": {"code": "Enter — показать решение:", "statement": "Задача"},
        "en": {"code": "Press Enter to see the approach:", "statement": "Task"},
    }

    task: Slug

    @property
    def linked_task(self) -> Optional[str]:
        return self.task

    def check_links(self, missing_ref: MissingRef) -> Iterator[tuple[str, str]]:
        from ..grading.catalog import task_ids  # data only; no torch

        if self.task not in task_ids():
            yield "task", f"names unknown coding task '{self.task}' (known: {', '.join(sorted(task_ids()))})"

    def details_md(self, lang: str, variant: Any = None) -> list[str]:
        return [START[lang].format(task=self.task)]

    def ask(self, term: Terminal) -> Outcome:
        from ..grading.catalog import get_task

        text = self.TEXT[term.lang]
        term.show(self, self.prompt_md(term.lang))
        task = get_task(self.task)
        term.say(f"**{text['statement']}: {task.title[term.lang]}**\n\n{task.statement[term.lang]}")
        term.line(text["code"], self)
        return Outcome(None, self.answer_md(term.lang))
