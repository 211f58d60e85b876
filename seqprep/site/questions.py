"""The bank as site Markdown: the questions of a section, the bank index, the tasks page.

A question on its section page is a collapsible block titled by its short
title. Open, it shows the full question (the kind's `question_md`, the options
once), then the hint and the answer (`answer_md`), each behind its own click.
When the kind can be graded on the page (`Question.self_check()`), the block
carries that data for `site/assets/javascripts/selfcheck.js`, which turns the
options into choices or adds a number field, a Check button, the verdict and a
per-page score kept in localStorage:

    <span id="cx-forward-macs"></span>

    ??? question "How many MACs… · numeric · easy"

        <div class="selfcheck" data-qid="cx-forward-macs" data-check="{&quot;mode&quot;: &quot;number&quot;, …}" markdown>

        An RNN with $d = 300$, …

        </div>

        ??? success "Answer"

            **Answer.** …
"""

from __future__ import annotations

import html
import json
import re
import textwrap

from ..bank import Bank
from ..grading.catalog import all_tasks
from ..kinds import Question
from ..sections import SECTIONS, section_title

T = {
    "ru": {"questions": "Вопросы для самопроверки", "answer": "Ответ", "task": "Напишите сами",
           "hint": "Подсказка", "difficulty": {"easy": "легко", "medium": "средне", "hard": "сложно"},
           "bank_title": "Банк вопросов", "tasks_title": "Задачи на код",
           "bank_intro": "Все вопросы банка по разделам; каждый раскрывается на странице раздела. "
                         "В терминале их задаёт `seqprep quiz`.",
           "tasks_intro": "Задачи, которые дают на собеседовании. `seqprep start ID` создаёт заготовку, "
                          "`seqprep submit ФАЙЛ` проверяет её скрытыми тестами.",
           "linked": "Вопросы"},
    "en": {"questions": "Check yourself", "answer": "Answer", "task": "Write it yourself",
           "hint": "Hint", "difficulty": {"easy": "easy", "medium": "medium", "hard": "hard"},
           "bank_title": "Question bank", "tasks_title": "Coding tasks",
           "bank_intro": "Every question of the bank by section; each opens on its section page. "
                         "In the terminal, `seqprep quiz` asks them.",
           "tasks_intro": "Tasks interviewers give. `seqprep start ID` writes a starter file, "
                          "`seqprep submit FILE` grades it against hidden checks.",
           "linked": "Questions"},
}


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ")


def _collapsible(kind: str, title: str, body: str) -> str:
    """A pymdownx.details block: `??? kind "title"` and the body indented under it."""
    return f'??? {kind} "{title.replace(chr(34), chr(39))}"\n\n{_indent(body)}'


def _options(options: list[str]) -> str:
    return "\n".join(f"{i}. {text}" for i, text in enumerate(options, 1))


# Code (fenced or inline) and math keep their text; everything else in the bank is
# text too, so a token such as <s> must not become an HTML tag on the page.
_VERBATIM = re.compile(r"(```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$)", re.S)


def text_md(markdown: str) -> str:
    """Bank Markdown with raw HTML disarmed outside code and math.

    `text_md("<s> and `<s>` and $a<b$") -> "&lt;s> and `<s>` and $a<b$"`
    """
    parts = _VERBATIM.split(markdown)
    return "".join(part if i % 2 else part.replace("<", "&lt;") for i, part in enumerate(parts))


def question_markdown(q: Question, lang: str) -> str:
    """One question of a section page (the fixed variant)."""
    t = T[lang]
    check = q.self_check()
    data = f' data-check="{html.escape(json.dumps(check, ensure_ascii=False))}"' if check is not None else ""
    options = [text_md(o) for o in q.options_md(lang)]
    body = [f'<div class="selfcheck" data-qid="{q.id}"{data} markdown>', text_md(q.prompt_md(lang))]
    if options:
        body += ['<div class="selfcheck-options" markdown>', _options(options), "</div>"]
    body.append("</div>")
    hint = q.hint_md(lang)
    if hint:
        body.append(_collapsible("tip", t["hint"], text_md(hint)))
    body.append(_collapsible("success", t["answer"], text_md(q.answer_md(lang))))
    title = f"{q.title(lang)} · {q.LABEL[lang]} · {t['difficulty'][q.difficulty]}"
    return f'<span id="{q.id}"></span>\n\n' + _collapsible("question", title, "\n\n".join(body)) + "\n"


def section_questions(bank: Bank, section: str, lang: str) -> str:
    questions = bank.select([section])
    blocks = [question_markdown(q, lang) for q in questions]
    tasks = sorted({q.linked_task for q in questions} - {None})
    out = (f"\n\n## {T[lang]['questions']}\n\n"
           '<div class="selfcheck-score" markdown="0"></div>\n\n' + "\n".join(blocks))
    if tasks:
        out += f"\n\n## {T[lang]['task']}\n\n" + "\n".join(
            f"- `seqprep start {task}` — [{_task_title(task, lang)}](tasks.md#{task})" for task in tasks)
    return out + "\n"


def _link_text(title: str) -> str:
    """A title inside `[...](...)`: brackets escaped so that they cannot end the link."""
    return title.replace("[", "\\[").replace("]", "\\]")


def _task_title(task_id: str, lang: str) -> str:
    from ..grading.catalog import get_task

    return get_task(task_id).title[lang]


def bank_index(bank: Bank, lang: str, order=None) -> str:
    """The bank page: every question by section, the sections in `order` (the site's navigation)."""
    t = T[lang]
    lines = [f"# {t['bank_title']}\n", t["bank_intro"], ""]
    for section in order or SECTIONS:
        lines.append(f"## [{section_title(section, lang)}]({section}.md)\n")
        for q in bank.select([section]):
            lines.append(f"- [{_link_text(q.title(lang))}]({section}.md#{q.id}) · {q.LABEL[lang]} · "
                         f"{t['difficulty'][q.difficulty]}")
        lines.append("")
    return "\n".join(lines) + "\n"


def tasks_page(bank: Bank, lang: str) -> str:
    t = T[lang]
    lines = [f"# {t['tasks_title']}\n", t["tasks_intro"], ""]
    for task in all_tasks():
        linked = bank.linked(task.id)
        lines += [f'## {task.title[lang]} {{ #{task.id} }}\n', f"`seqprep start {task.id}`\n",
                  task.statement[lang].strip(), "", "```python", task.starter.rstrip(), "```", ""]
        if linked:
            lines.append(f"{t['linked']}: " + ", ".join(
                f"[{_link_text(q.title(lang))}]({q.section}.md#{q.id})" for q in linked) + "\n")
    return "\n".join(lines) + "\n"
