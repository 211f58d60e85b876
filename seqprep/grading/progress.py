"""A submission's verdict counts as a review of every `code` question linked to its task.

`seqprep submit` only stores the verdict (it does not load the bank, which keeps it
fast); the quiz and `stats` apply stored verdicts before they read the schedule:
passed -> Good, failed -> Again, dated when the submission was graded. Nothing here
imports numpy or torch.
"""

from __future__ import annotations

from datetime import datetime

from ..bank import Bank
from ..schedule import Schedule
from ..store import Store


def apply_submissions(bank: Bank, store: Store, schedule: Schedule) -> int:
    """Rate the linked questions of every stored submission not applied yet."""

    def reviews_for(submission: dict, cards: dict):
        rating = 3 if submission["passed"] else 1
        submitted = datetime.fromisoformat(submission["submitted_at"])
        for q in bank.linked(submission["task"]):
            state = schedule.state(q.id, cards.get(q.id))
            at = max(submitted, state.card.last_review or submitted) if state.seen else submitted
            card = schedule.review(state, rating, at)
            yield q.id, rating, card.to_dict(), at, bool(submission["passed"])

    return store.apply_submissions(reviews_for)
