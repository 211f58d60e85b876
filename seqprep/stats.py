"""`seqprep stats`: per section, how many cards were seen, are due, and how well they are known."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from . import i18n
from .bank import Bank
from .schedule import Schedule
from .sections import SECTIONS, section_title
from .store import Store


def section_stats(bank: Bank, store: Store, schedule: Schedule, now: datetime) -> list[dict]:
    """One row per section: questions, seen, due, mean retrievability of seen cards (or None)."""
    cards = store.latest_cards()
    rows = []
    for section in SECTIONS:
        questions = bank.select([section])
        states = [schedule.state(q.id, cards.get(q.id)) for q in questions]
        seen = [s for s in states if s.seen]
        recall = [schedule.retrievability(s, now) for s in seen]
        rows.append({
            "section": section,
            "title": {lang: section_title(section, lang) for lang in ("ru", "en")},
            "questions": len(questions),
            "seen": len(seen),
            "due": sum(schedule.is_due(s, now) for s in seen),
            "mean_retrievability": _mean(recall),
        })
    return rows


def totals(rows: list[dict]) -> dict:
    seen = sum(r["seen"] for r in rows)
    weighted = [r["mean_retrievability"] * r["seen"] for r in rows if r["seen"]]
    return {
        "questions": sum(r["questions"] for r in rows),
        "seen": seen,
        "due": sum(r["due"] for r in rows),
        "mean_retrievability": sum(weighted) / seen if seen else None,
    }


def _mean(values: list[float]) -> Optional[float]:
    return sum(values) / len(values) if values else None


HEADERS = {"ru": ("Раздел", "Вопросов", "Видели", "К повторению", "Вспомните"),
           "en": ("Section", "Questions", "Seen", "Due", "Recall")}


def table(rows: list[dict], lang: str) -> str:
    """The rows and their total as aligned plain text (no rich: `stats` starts faster),
    numbers written for the language (`seqprep.i18n`):

        Section          Questions  Seen  Due  Recall
        What an RNN is          12     3    1     87%
        ...
        ∑                      171     3    1     87%
    """
    lines = [HEADERS[lang]]
    for row in rows + [dict(totals(rows), title={lang: "∑"})]:
        recall = row["mean_retrievability"]
        lines.append((row["title"][lang], *(i18n.number(row[k], lang) for k in ("questions", "seen", "due")),
                      "—" if recall is None else i18n.percent(recall, lang)))
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADERS[lang]))]
    return "\n".join("  ".join([line[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(line[1:], widths[1:])])
                     .rstrip() for line in lines)
