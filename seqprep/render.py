"""How a question looks in the terminal (rich): shared by `show` and the quiz."""

from __future__ import annotations

from typing import Any, Optional

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel

from . import computed, numeric
from .texmath import plain_math
from .schema import ChoiceQuestion, CodeQuestion, NumericQuestion, Question
from .sections import section_title

LABELS = {
    "ru": {"answer": "Ответ", "key_points": "Ключевые пункты", "hint": "Подсказка",
           "formula": "Формула", "value": "Правильное значение", "task": "Задача",
           "follow_ups": "Дальше", "code": "Код", "why": "Почему",
           "start": "Начать: `seqprep start {task}`, затем `seqprep submit {task}.py`"},
    "en": {"answer": "Answer", "key_points": "Key points", "hint": "Hint",
           "formula": "Formula", "value": "Correct value", "task": "Task",
           "follow_ups": "Follow-ups", "code": "Code", "why": "Why",
           "start": "Start with `seqprep start {task}`, then `seqprep submit {task}.py`"},
}


def header(q: Question, lang: str) -> str:
    return f"{section_title(q.section, lang)} · {q.kind} · {q.difficulty} · {q.id}"


def prompt_markdown(q: Question, lang: str, params: Optional[dict[str, Any]] = None) -> str:
    text = computed.render(q.prompt.get(lang), lang)
    if isinstance(q, NumericQuestion) and params is not None:
        text = numeric.fill(text, params, lang)
    return plain_math(text)


def show_prompt(console: Console, q: Question, lang: str, params=None, number: str = "") -> None:
    title = f"{number}{escape(header(q, lang))}"
    console.print(Panel(Markdown(prompt_markdown(q, lang, params)), title=title, title_align="left"))


def show_options(console: Console, options: list, lang: str) -> None:
    for index, option in enumerate(options, 1):
        console.print(f"  [bold]{index}.[/] {escape(plain_math(computed.render(option.text.get(lang), lang)))}")


def show_answer(console: Console, q: Question, lang: str, params=None, value=None,
                covered: Optional[list[bool]] = None) -> None:
    """The model answer, then what the kind adds (options, formula, task)."""
    labels = LABELS[lang]
    def tr(text: str) -> str:
        return plain_math(computed.render(text, lang))

    parts = [f"**{labels['answer']}.** {tr(q.answer.get(lang))}"]
    if isinstance(q, ChoiceQuestion):
        lines = []
        for option in q.options:
            mark = "✔" if option.correct else "✘"
            line = f"- {mark} {tr(option.text.get(lang))}"
            if option.why:
                line += f" — {tr(option.why.get(lang))}"
            lines.append(line)
        parts.append("\n".join(lines))
    if isinstance(q, NumericQuestion):
        parts.append(f"**{labels['formula']}:** {plain_math('$' + q.formula + '$')}")
        if params is not None:
            shown = ", ".join(f"{k} = {numeric.format_number(v, lang)}" for k, v in params.items())
            if value is not None:
                unit = f" {q.unit.get(lang)}" if q.unit else ""
                parts.append(f"**{labels['value']}:** {numeric.format_number(value, lang)}{unit}"
                             f"  ({shown})")
    if isinstance(q, CodeQuestion):
        parts.append(labels["start"].format(task=q.task))
    points = [tr(p) for p in q.key_points.get(lang)]
    if covered is None:
        parts.append(f"**{labels['key_points']}:**\n" + "\n".join(f"- {p}" for p in points))
    else:
        parts.append(f"**{labels['key_points']}:**\n" + "\n".join(
            f"- {'✔' if hit else '·'} {p}" for p, hit in zip(points, covered)))
    if q.refs:
        parts.append(f"**{labels['code']}:** " + ", ".join(f"`{r}`" for r in q.refs))
    console.print(Markdown("\n\n".join(parts)))


def show_question(console: Console, q: Question, lang: str) -> None:
    """`seqprep show ID`: the prompt and the full answer, with example parameters."""
    params = value = None
    if isinstance(q, NumericQuestion):
        params = numeric.first_params(q)
        value = numeric.compute(q, params)
    show_prompt(console, q, lang, params)
    if isinstance(q, ChoiceQuestion):
        show_options(console, q.options, lang)
    if q.hint:
        console.print(Markdown(f"*{LABELS[lang]['hint']}:* {plain_math(computed.render(q.hint.get(lang), lang))}"))
    show_answer(console, q, lang, params, value)
    if q.follow_ups:
        console.print(f"{LABELS[lang]['follow_ups']}: " + ", ".join(q.follow_ups))
