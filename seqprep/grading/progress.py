"""A submission's verdict counts as a review of every `code` question linked to its task.

`seqprep submit` only stores the verdict (it does not load the bank, which keeps it
fast); the quiz and `stats` apply stored verdicts before they read the schedule:
passed -> Good, failed -> Again, dated when the submission was graded. Nothing here
imports numpy or torch.

Not every verdict is recorded (`record_submission`): not the untouched starter, not
an empty file, and not the same file again while it has not changed since its last
recorded verdict (its modification time is older than that record).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the bank (pydantic) is not loaded by `submit`
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


def record_submission(store: "Store", verdict, task, path: Path, data: bytes) -> str:
    """Store the verdict unless there is nothing new to count; one line saying which."""
    from .grader import SourceError, decode_source
    from .sanitize import display_path
    from .starter import is_untouched

    try:
        text = decode_source(data)
    except SourceError:
        text = ""
    if [c.name for c in verdict.checks] == ["file"]:
        return "Not recorded for the quiz: the file is empty."
    if text and is_untouched(text, task):
        return "Not recorded for the quiz: the file is still the starter (nothing is implemented yet)."
    file = display_path(path.resolve())
    previous = [s for s in store.submissions(task.id) if s["file"] == file]
    if previous:
        at = datetime.fromisoformat(previous[-1]["submitted_at"])
        at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
        changed = datetime.fromtimestamp(os.stat(path).st_mtime, timezone.utc)
        if changed <= at:
            return (f"Not recorded again: the file has not changed since its verdict was recorded "
                    f"({at:%Y-%m-%d %H:%M} UTC).")
    store.add_submission(task.id, file, verdict.passed,
                         [{"name": c.name, "passed": c.passed, "message": c.message} for c in verdict.checks],
                         verdict.elapsed_s)
    rating = "Good" if verdict.passed else "Again"
    return (f"Recorded for the quiz: the next `seqprep quiz` counts it as a review ({rating}) of the "
            f"questions linked to {task.id}.")
