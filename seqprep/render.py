"""Questions in the terminal: the Markdown a kind renders, math as Unicode.

Shared by `seqprep show` and the quiz. The text comes from the kind
(`Question.question_md`, `answer_md`, …); this module only frames it and
prints it on a `terminal.Screen` (not rich, which would cost the quiz's first
prompt more than everything else together).
"""

from __future__ import annotations

from typing import Optional

from . import i18n
from .kinds import LABELS, Question
from .sections import section_title
from .terminal import Screen
from .texmath import terminal_math

FOLLOW_UPS = {"ru": "Дальше", "en": "Follow-ups"}


def header(q: Question, lang: str) -> str:
    """`Сложность RNN · расчёт · лёгкий · cx-forward-macs`: section, kind and difficulty
    in the reader's language, then the id (as `show` and `list` take it)."""
    return f"{section_title(q.section, lang)} · {q.LABEL[lang]} · {i18n.difficulty(q.difficulty, lang)} · {q.id}"


def show_markdown(screen: Screen, text: str) -> None:
    """Markdown with `$...$` math turned into readable Unicode."""
    screen.markdown(terminal_math(text))


def show_prompt(screen: Screen, q: Question, text: str, lang: str, number: str = "") -> None:
    """`text` in a panel titled `[1/10] Section · kind · difficulty · id`."""
    screen.panel(f"{number}{header(q, lang)}", terminal_math(text))


def show_options(screen: Screen, texts: list[str]) -> None:
    """`  1. text` lines, outside the panel, so that they read like a list to pick from."""
    for number, text in enumerate(texts, 1):
        screen.hanging(f"  {number}. ", terminal_math(text))


def show_question(screen: Screen, q: Question, lang: str) -> None:
    """`seqprep show ID`: the question and its full answer, for the fixed variant."""
    show_prompt(screen, q, q.question_md(lang), lang)
    hint = q.hint_md(lang)
    if hint:
        show_markdown(screen, f"*{LABELS[lang]['hint']}:* {hint}")
    show_markdown(screen, q.answer_md(lang))
    if q.follow_ups:
        screen.print(f"{FOLLOW_UPS[lang]}: " + ", ".join(q.follow_ups))


LIST_HEADERS = {"ru": ("id", "раздел", "вид", "сложность", "вопрос"),
                "en": ("id", "section", "kind", "difficulty", "title")}


def list_table(questions: list[Question], lang: str, width: Optional[int] = None) -> list[str]:
    """`seqprep list` as aligned plain text, one line per question.

    Ids, sections, kinds and difficulties are never cut (they are what the other
    commands take); with a `width` (a terminal), titles are cut to fit, with "…";
    without one (piped), every line is whole:

        id            section     kind  difficulty  title
        rnn-what-is   rnn-basics  open  easy        What is a recurrent neural network (RNN)?
    """
    rows = [LIST_HEADERS[lang]] + [(q.id, q.section, q.kind, q.difficulty, q.title(lang)) for q in questions]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    room = None if width is None else max(12, width - sum(widths) - 2 * 4)
    lines = []
    for row in rows:
        title = row[4] if room is None or len(row[4]) <= room else row[4][: room - 1].rstrip() + "…"
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + title)
    return [line.rstrip() for line in lines]
