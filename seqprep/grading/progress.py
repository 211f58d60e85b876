"""A submission's verdict counts as a review of every `code` question linked to its task."""

from __future__ import annotations

from datetime import datetime

from ..bank import Bank
from ..schedule import Schedule
from ..store import Store
from .grader import Verdict


def record_submission(verdict: Verdict, bank: Bank, store: Store, schedule: Schedule, now: datetime) -> list[str]:
    """Store the verdict; rate the linked questions Good when passed, Again when not.

    Returns the ids of the questions that were rated.
    """
    store.add_submission(verdict.task, verdict.file, verdict.passed,
                         [{"name": c.name, "passed": c.passed, "message": c.message} for c in verdict.checks],
                         verdict.elapsed_s, at=now)
    rating = 3 if verdict.passed else 1
    linked = [q for q in bank.questions if q.kind == "code" and q.task == verdict.task]
    cards = store.latest_cards()
    for q in linked:
        card = schedule.review(schedule.state(q.id, cards.get(q.id)), rating, now)
        store.add_review(q.id, rating, card.to_dict(), at=now, source="submit", correct=verdict.passed)
    return [q.id for q in linked]
