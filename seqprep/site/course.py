r"""Course scaffolding: the closing summary of every page and the "start here" plan.

* A page's front matter may hold `summary:`, one paragraph; `append_summary` puts it
  under «Коротко» / "In short" at the end of the explanation: before the closing code
  listing ("## Код" / "## Code") and the questions the hooks append.
* `{{ course.plan }}` (on the start page) becomes a table of the section pages in
  the order of the navigation, with the time each takes: reading at
  `WORDS_PER_MINUTE` over the page's prose (code and math left out) plus
  `MINUTES_PER_QUESTION` per question of the section, rounded up to 5 minutes.

    >>> append_summary("# T\n\nText.", {"summary": "One idea."}, "en")
    '# T\n\nText.\n\n## In short\n\nOne idea.\n'
    >>> append_summary("# T\n\n## Code\n\nx", {"summary": "One idea."}, "en")
    '# T\n\n## In short\n\nOne idea.\n\n## Code\n\nx'
    >>> reading_minutes("word " * 260)
    2.0
"""

from __future__ import annotations

import math
import re
from pathlib import Path

HEADING = {"ru": "Коротко", "en": "In short"}
WORDS_PER_MINUTE = 130          # careful reading of technical prose
MINUTES_PER_QUESTION = 1.5      # read, answer, compare
_CODE_HEADING = re.compile(r"^## (?:Код|Code)\s*$", re.M)
PLAN = re.compile(r"\{\{\s*course\.plan\s*\}\}")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", re.S)
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)

T = {
    "ru": {"n": "№", "section": "Раздел", "read": "Чтение, мин", "questions": "Вопросы", "total": "Всего, мин",
           "sum": "Итого", "hours": "≈ {h} ч",
           "lead": "Время посчитано при сборке: чтение текста страницы без кода и формул ({wpm} слов в минуту) "
                   "плюс {q} мин на каждый вопрос раздела, с округлением вверх до 5 минут."},
    "en": {"n": "#", "section": "Section", "read": "Reading, min", "questions": "Questions", "total": "Total, min",
           "sum": "All", "hours": "≈ {h} h",
           "lead": "Computed at build time: reading the page's prose without code and math ({wpm} words a minute) "
                   "plus {q} min for each question of the section, rounded up to 5 minutes."},
}


def append_summary(markdown: str, meta: dict, lang: str) -> str:
    """The summary closes the explanation: before the page's closing "## Код" / "## Code" listing
    when it has one, else at the end."""
    summary = (meta or {}).get("summary")
    if not summary:
        return markdown
    block = f"## {HEADING[lang]}\n\n{' '.join(str(summary).split())}\n"
    code = list(_CODE_HEADING.finditer(markdown))
    if code:
        at = code[-1].start()
        return f"{markdown[:at]}{block}\n{markdown[at:]}"
    return f"{markdown.rstrip()}\n\n{block}"


def reading_minutes(markdown: str) -> float:
    """Minutes to read a page's prose: front matter, code, math and markup left out."""
    text = _FRONT.sub("", markdown)
    text = _MATH.sub(" ", _CODE.sub(" ", text))
    words = [w for w in re.split(r"\s+", text) if re.search(r"\w", w)]
    return len(words) / WORDS_PER_MINUTE


def _nav_pages(nav) -> list[str]:
    """The Markdown files of the navigation, in order (mkdocs.yml `nav`, nested)."""
    out = []
    for item in nav or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                out.extend(_nav_pages(value) if isinstance(value, list) else [value])
    return out


def nav_sections(nav) -> list[str]:
    """The section slugs in the order of the navigation: `nav_sections([{"A": ["self-attention.md"]}, "rnn-basics.md"])`
    -> `["self-attention", "rnn-basics"]`."""
    from ..sections import SECTIONS

    return [p[:-3] for p in _nav_pages(nav) if p.endswith(".md") and p[:-3] in SECTIONS]


def _page_file(docs_dir: Path, page: str, lang: str) -> Path:
    if lang == "en":
        english = docs_dir / page.replace(".md", ".en.md")
        if english.is_file():
            return english
    return docs_dir / page


def plan(lang: str, docs_dir: Path, nav, bank) -> str:
    """The plan table: every section page in navigation order with its reading and question time."""
    from ..sections import section_title

    t = T[lang]
    rows, total = [], 0
    sections = nav_sections(nav)
    for n, section in enumerate(sections, start=1):
        read = reading_minutes(_page_file(docs_dir, f"{section}.md", lang).read_text(encoding="utf-8"))
        count = len(bank.select([section]))
        minutes = 5 * math.ceil((read + MINUTES_PER_QUESTION * count) / 5)
        total += minutes
        rows.append(f"| {n} | [{section_title(section, lang)}]({section}.md) | {math.ceil(read)} | {count} | {minutes} |")
    head = f"| {t['n']} | {t['section']} | {t['read']} | {t['questions']} | {t['total']} |\n|---|---|---|---|---|"
    hours = f"{total / 60:.1f}".replace(".", "," if lang == "ru" else ".")
    foot = f"| | **{t['sum']}** | | | **{total}** ({t['hours'].format(h=hours)}) |"
    q = f"{MINUTES_PER_QUESTION:g}".replace(".", "," if lang == "ru" else ".")
    lead = t["lead"].format(wpm=WORDS_PER_MINUTE, q=q)
    return "\n".join([lead, "", head, *rows, foot])


def render(markdown: str, meta: dict, lang: str, docs_dir: Path, nav, load_bank) -> str:
    """The plan placeholder and the summary of one page; `load_bank()` is called only for the plan."""
    if PLAN.search(markdown):
        table = plan(lang, Path(docs_dir), nav, load_bank())
        markdown = PLAN.sub(lambda _: table, markdown)
    return append_summary(markdown, meta, lang)
