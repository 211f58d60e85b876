"""Spaced repetition with FSRS (the `fsrs` package), desired retention 0.9.

A question's card is derived from the store: the card saved with its latest
live review, or a new card. `fsrs` wants UTC-aware datetimes and an explicit
`card_id`; the id is a stable hash of the question id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from fsrs import Card, Rating, Scheduler

DESIRED_RETENTION = 0.9  # ratings: 1 Again, 2 Hard, 3 Good, 4 Easy (their names: seqprep.i18n.RATINGS)


def card_id(question_id: str) -> int:
    """A positive 52-bit integer, the same on every machine for the same id."""
    try:  # the built-in SHA-1, without loading OpenSSL (hashlib does) before the quiz's first prompt
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha1
    return int(sha1(question_id.encode("utf-8")).hexdigest()[:13], 16)


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass a UTC-aware one")
    return moment.astimezone(timezone.utc)


@dataclass
class CardState:
    question_id: str
    card: Card
    seen: bool

    @property
    def due(self) -> datetime:
        return self.card.due


class Schedule:
    def __init__(self, desired_retention: float = DESIRED_RETENTION):
        self.scheduler = Scheduler(desired_retention=desired_retention)

    def state(self, question_id: str, stored: Optional[dict]) -> CardState:
        if stored is None:
            return CardState(question_id, Card(card_id=card_id(question_id)), seen=False)
        return CardState(question_id, Card.from_dict(stored), seen=True)

    def review(self, state: CardState, rating: int, now: datetime) -> Card:
        card, _ = self.scheduler.review_card(state.card, Rating(rating), as_utc(now))
        return card

    def is_due(self, state: CardState, now: datetime) -> bool:
        return state.seen and state.card.due <= as_utc(now)

    def retrievability(self, state: CardState, now: datetime) -> Optional[float]:
        if not state.seen:
            return None
        return self.scheduler.get_card_retrievability(state.card, as_utc(now))
