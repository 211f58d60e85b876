"""Questions in the terminal (rich): the Markdown a kind renders, math as Unicode.

Shared by `seqprep show` and the quiz. The text comes from the kind
(`Question.question_md`, `answer_md`, …); this module only frames and prints
it, through `terminal_markdown` (rich.markdown would double the quiz's start).
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel

from . import terminal_markdown
from .kinds import LABELS, Question
from .sections import section_title
from .texmath import plain_math

FOLLOW_UPS = {"ru": "Дальше", "en": "Follow-ups"}


def header(q: Question, lang: str) -> str:
    return f"{section_title(q.section, lang)} · {q.kind} · {q.difficulty} · {q.id}"


def markdown(text: str) -> Group:
    """Markdown with `$...$` math turned into readable Unicode."""
    return terminal_markdown.render(plain_math(text))


def show_prompt(console: Console, q: Question, text: str, lang: str, number: str = "") -> None:
    """`text` in a panel titled `[1/10] Section · kind · difficulty · id`."""
    console.print(Panel(markdown(text), title=f"{number}{escape(header(q, lang))}", title_align="left"))


def show_options(console: Console, texts: list[str]) -> None:
    """`  1. text` lines, outside the panel, so that they read like a list to pick from."""
    for number, text in enumerate(texts, 1):
        line = terminal_markdown.inline(plain_math(text))
        console.print(terminal_markdown.Hanging(f"  {number}. ", line))


def show_question(console: Console, q: Question, lang: str) -> None:
    """`seqprep show ID`: the question and its full answer, for the fixed variant."""
    show_prompt(console, q, q.question_md(lang), lang)
    hint = q.hint_md(lang)
    if hint:
        console.print(markdown(f"*{LABELS[lang]['hint']}:* {hint}"))
    console.print(markdown(q.answer_md(lang)))
    if q.follow_ups:
        console.print(f"{FOLLOW_UPS[lang]}: " + ", ".join(q.follow_ups))
