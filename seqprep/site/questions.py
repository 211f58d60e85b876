"""The bank as site Markdown: collapsible questions per section, the bank index, the tasks page."""

from __future__ import annotations

import textwrap

from .. import computed, numeric
from ..bank import Bank
from ..grading.catalog import all_tasks
from ..schema import ChoiceQuestion, CodeQuestion, NumericQuestion, Question
from ..sections import SECTIONS, section_title

T = {
    "ru": {"questions": "Вопросы для самопроверки", "answer": "Ответ", "key_points": "Ключевые пункты",
           "formula": "Формула", "example": "Например, при", "value": "получается", "code": "Код ответа",
           "task": "Напишите сами", "start": "Начните так", "hint": "Подсказка",
           "kinds": {"open": "развёрнутый ответ", "choice": "выбор", "numeric": "расчёт", "code": "код"},
           "difficulty": {"easy": "легко", "medium": "средне", "hard": "сложно"},
           "bank_title": "Банк вопросов", "tasks_title": "Задачи на код",
           "bank_intro": "Все вопросы банка по разделам; каждый раскрывается на странице раздела. "
                         "В терминале их задаёт `seqprep quiz`.",
           "tasks_intro": "Задачи, которые дают на собеседовании. `seqprep start ID` создаёт заготовку, "
                          "`seqprep submit ФАЙЛ` проверяет её скрытыми тестами.",
           "linked": "Вопросы"},
    "en": {"questions": "Check yourself", "answer": "Answer", "key_points": "Key points",
           "formula": "Formula", "example": "For example, with", "value": "it is", "code": "The code",
           "task": "Write it yourself", "start": "Start with", "hint": "Hint",
           "kinds": {"open": "open answer", "choice": "choice", "numeric": "numeric", "code": "code"},
           "difficulty": {"easy": "easy", "medium": "medium", "hard": "hard"},
           "bank_title": "Question bank", "tasks_title": "Coding tasks",
           "bank_intro": "Every question of the bank by section; each opens on its section page. "
                         "In the terminal, `seqprep quiz` asks them.",
           "tasks_intro": "Tasks interviewers give. `seqprep start ID` writes a starter file, "
                          "`seqprep submit FILE` grades it against hidden checks.",
           "linked": "Questions"},
}


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ")


def question_markdown(q: Question, lang: str) -> str:
    t = T[lang]

    def tr(text: str) -> str:
        return computed.render(text, lang)

    params = numeric.first_params(q) if isinstance(q, NumericQuestion) else None
    prompt = tr(q.prompt.get(lang))
    if params is not None:
        prompt = numeric.fill(prompt, params, lang)
    body = [prompt]
    if isinstance(q, ChoiceQuestion):
        body.append("\n".join(f"{i}. {tr(o.text.get(lang))}" for i, o in enumerate(q.options, 1)))
    answer = [f"**{t['answer']}.** {tr(q.answer.get(lang))}"]
    if isinstance(q, ChoiceQuestion):
        answer.append("\n".join(
            f"- {'✔' if o.correct else '✘'} {tr(o.text.get(lang))}"
            + (f" — {tr(o.why.get(lang))}" if o.why else "") for o in q.options))
    if isinstance(q, NumericQuestion):
        value = numeric.compute(q, params)
        shown = ", ".join(f"{k} = {numeric.format_number(v, lang)}" for k, v in params.items())
        answer.append(f"**{t['formula']}:** `{q.formula}`. {t['example']} {shown} {t['value']} "
                      f"**{numeric.format_number(value, lang)}**.")
    if isinstance(q, CodeQuestion):
        answer.append(f"{t['start']}: `seqprep start {q.task}`")
    answer.append(f"**{t['key_points']}:**\n\n" + "\n".join(f"- {tr(p)}" for p in q.key_points.get(lang)))
    if q.refs:
        answer.append(f"**{t['code']}:** " + ", ".join(f"`{r}`" for r in q.refs))
    inner = "\n\n".join(body) + "\n\n" + "\n\n".join(answer)
    title = f"{q.title(lang)} · {t['kinds'][q.kind]} · {t['difficulty'][q.difficulty]}"
    title = title.replace('"', "'")
    return f'<span id="{q.id}"></span>\n\n??? question "{title}"\n\n{_indent(inner)}\n'


def section_questions(bank: Bank, section: str, lang: str) -> str:
    questions = bank.select([section])
    blocks = [question_markdown(q, lang) for q in questions]
    tasks = sorted({q.task for q in questions if isinstance(q, CodeQuestion)})
    out = f"\n\n## {T[lang]['questions']}\n\n" + "\n".join(blocks)
    if tasks:
        out += f"\n\n## {T[lang]['task']}\n\n" + "\n".join(
            f"- `seqprep start {task}` — [{_task_title(task, lang)}](tasks.md#{task})" for task in tasks)
    return out + "\n"


def _task_title(task_id: str, lang: str) -> str:
    from ..grading.catalog import get_task

    return get_task(task_id).title[lang]


def bank_index(bank: Bank, lang: str) -> str:
    t = T[lang]
    lines = [f"# {t['bank_title']}\n", t["bank_intro"], ""]
    for section in SECTIONS:
        lines.append(f"## [{section_title(section, lang)}]({section}.md)\n")
        for q in bank.select([section]):
            lines.append(f"- [{q.title(lang)}]({section}.md#{q.id}) · {t['kinds'][q.kind]} · "
                         f"{t['difficulty'][q.difficulty]}")
        lines.append("")
    return "\n".join(lines) + "\n"


def tasks_page(bank: Bank, lang: str) -> str:
    t = T[lang]
    lines = [f"# {t['tasks_title']}\n", t["tasks_intro"], ""]
    for task in all_tasks():
        linked = [q for q in bank.questions if isinstance(q, CodeQuestion) and q.task == task.id]
        lines += [f'## {task.title[lang]} {{ #{task.id} }}\n', f"`seqprep start {task.id}`\n",
                  task.statement[lang].strip(), "", "```python", task.starter.rstrip(), "```", ""]
        if linked:
            lines.append(f"{t['linked']}: " + ", ".join(
                f"[{q.title(lang)}]({q.section}.md#{q.id})" for q in linked) + "\n")
    return "\n".join(lines) + "\n"
