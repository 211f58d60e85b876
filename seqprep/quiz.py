"""The terminal quiz: pick cards, ask, grade, rate, store.

Keys at any prompt: `q` (or Ctrl-C / Ctrl-D) ends the session, `s` skips the
question, `h` shows the hint, `u` undoes the last rating. Each rating is
committed to the store the moment it is given.

`Quiz` is the `kinds.Terminal` the questions ask through: each kind shows
itself, reads and grades its answer (`Question.ask`); the quiz adds the
verdict, the rating and the record.
"""

from __future__ import annotations

import random
import uuid
from collections import deque
from datetime import datetime
from typing import Callable, Optional

import msgspec

from . import render
from .bank import Bank
from .kinds import Question
from .schedule import RATING_NAMES, Schedule
from .sections import SECTIONS, section_title
from .store import Store, utcnow
from .terminal import Screen

TEXT = {
    "ru": {
        "rate": "Оцените себя: 1 Again, 2 Hard, 3 Good, 4 Easy",
        "rate_ok": "Верно! 2 Hard, 3 Good, 4 Easy [Enter = 3]",
        "wrong": "Неверно — записано Again.", "right": "Верно.",
        "no_hint": "Подсказки нет.", "skipped": "Пропущено.", "nothing_to_undo": "Отменять нечего.",
        "undone": "Оценка «{rating}» для {qid} отменена; вопрос задан снова.",
        "keys": "q — выход, s — пропуск, h — подсказка, u — отмена",
        "empty": "Нет вопросов к повторению. Следующий — {due}. Для тренировки без расписания: --practice.",
        "empty_bank": "Под эти фильтры не подходит ни один вопрос.",
        "summary": "Итоги", "answered": "Отвечено", "correct": "Верно (автопроверка)",
        "section": "Раздел", "again": "Again", "next_due": "Следующее повторение",
        "practice": "Режим тренировки: расписание не меняется.", "never": "нет",
        "covered": "Ваш ответ покрыл {hit} из {total} ключевых пунктов.",
    },
    "en": {
        "rate": "Rate yourself: 1 Again, 2 Hard, 3 Good, 4 Easy",
        "rate_ok": "Correct! 2 Hard, 3 Good, 4 Easy [Enter = 3]",
        "wrong": "Wrong — recorded as Again.", "right": "Correct.",
        "no_hint": "No hint for this one.", "skipped": "Skipped.", "nothing_to_undo": "Nothing to undo.",
        "undone": "Undid the rating '{rating}' for {qid}; asking it again.",
        "keys": "q quit, s skip, h hint, u undo",
        "empty": "Nothing is due. The next review is {due}. To practice anyway: --practice.",
        "empty_bank": "No question matches these filters.",
        "summary": "Summary", "answered": "Answered", "correct": "Correct (auto-graded)",
        "section": "Section", "again": "Again", "next_due": "Next review due",
        "practice": "Practice mode: the schedule is left alone.", "never": "none",
        "covered": "Your answer covered {hit} of {total} key points.",
    },
}


class EndSession(Exception):
    pass


class Skip(Exception):
    pass


class Undo(Exception):
    pass


class Rated(msgspec.Struct):
    question: Question
    rating: int
    correct: Optional[bool]
    review_id: Optional[int]


class Summary(msgspec.Struct):
    rated: list[Rated] = []
    skipped: int = 0
    next_due: Optional[datetime] = None

    @property
    def answered(self) -> int:
        return len(self.rated)

    @property
    def graded(self) -> list[Rated]:
        return [r for r in self.rated if r.correct is not None]


def plan(bank: Bank, store: Store, schedule: Schedule, *, sections=(), kind=None, n=10,
         practice=False, rng: random.Random, now: datetime) -> list[Question]:
    """Due cards first (most overdue first), then new ones (easy before hard).

    In practice mode every matching question is eligible, in random order.
    """
    candidates = bank.select(sections, kind)
    if practice:
        picked = list(candidates)
        rng.shuffle(picked)
        return picked[:n]
    cards = store.latest_cards()
    states = {q.id: schedule.state(q.id, cards.get(q.id)) for q in candidates}
    due = sorted((q for q in candidates if schedule.is_due(states[q.id], now)),
                 key=lambda q: states[q.id].due)
    new = [q for q in candidates if not states[q.id].seen]
    rng.shuffle(new)
    new.sort(key=lambda q: ("easy", "medium", "hard").index(q.difficulty))
    return (due + new)[:n]


def next_due(bank: Bank, store: Store, schedule: Schedule) -> Optional[datetime]:
    cards = store.latest_cards()
    dues = [schedule.state(qid, card).due for qid, card in cards.items() if qid in bank.by_id]
    return min(dues) if dues else None


class Quiz:
    def __init__(self, bank: Bank, store: Store, schedule: Schedule, console, *,
                 lang: str, rng: random.Random, practice: bool = False,
                 read: Optional[Callable[[str], str]] = None,
                 now: Callable[[], datetime] = utcnow):
        self.bank, self.store, self.schedule = bank, store, schedule
        self.console = Screen.like(console)  # a Screen, or the file and width of a rich Console
        self.lang, self.rng, self.practice = lang, rng, practice
        self.read = read or self.console.input
        self.now = now
        self.t = TEXT[lang]
        self.session = uuid.uuid4().hex[:12]
        self.number = ""  # "[3/10] ", the position of the question being asked

    # --- the Terminal the kinds ask through (kinds.base.Terminal) -------------------

    def line(self, prompt: str, q: Optional[Question] = None, allow_skip: bool = True) -> str:
        """One line of input; handles q/s/h/u and end-of-input."""
        while True:
            try:
                line = self.read(f"{prompt} ").strip()
            except (EOFError, KeyboardInterrupt):
                self.console.print()
                raise EndSession from None
            command = line.lower()
            if command == "q":
                raise EndSession
            if command == "u":
                raise Undo
            if command == "s" and allow_skip:
                raise Skip
            if command == "h" and q is not None:
                hint = q.hint_md(self.lang)
                render.show_markdown(self.console, hint or self.t["no_hint"])
                continue
            return line

    def lines(self, prompt: str, q: Question) -> str:
        """Lines until an empty one; the first line may be a key (q/s/h/u)."""
        first = self.line(prompt, q)
        if not first:
            return ""
        lines = [first]
        while True:
            try:
                line = self.read("").rstrip()
            except (EOFError, KeyboardInterrupt):
                raise EndSession from None
            if not line.strip():
                return "\n".join(lines)
            lines.append(line)

    def show(self, q: Question, markdown: str) -> None:
        render.show_prompt(self.console, q, markdown, self.lang, self.number)

    def options(self, texts: list[str]) -> None:
        render.show_options(self.console, texts)

    def say(self, markdown: str) -> None:
        render.show_markdown(self.console, markdown)

    def warn(self, text: str) -> None:
        self.console.print(text, "yellow")

    # --- one question -----------------------------------------------------------

    def run(self, questions: list[Question]) -> Summary:
        summary = Summary()
        queue = deque(questions)
        total = len(queue)
        if self.practice:
            self.console.print(self.t["practice"], "dim")
        self.console.print(self.t["keys"], "dim")
        while queue:
            q = queue.popleft()
            number = f"[{summary.answered + summary.skipped + 1}/{total}] "
            try:
                rated = self.one(q, number)
                summary.rated.append(rated)
            except Skip:
                summary.skipped += 1
                self.console.print(self.t["skipped"], "dim")
            except Undo:
                queue.appendleft(q)
                if not summary.rated:
                    self.console.print(self.t["nothing_to_undo"])
                    continue
                last = summary.rated.pop()
                if last.review_id is not None:
                    self.store.undo(last.review_id)
                queue.appendleft(last.question)
                self.console.print(self.t["undone"].format(rating=RATING_NAMES[last.rating],
                                                          qid=last.question.id))
            except EndSession:
                break
        if not self.practice:
            summary.next_due = next_due(self.bank, self.store, self.schedule)
        return summary

    def one(self, q: Question, number: str) -> Rated:
        self.number = number
        outcome = q.ask(self)
        if outcome.correct is not None:
            self.console.print(self.t["right"] if outcome.correct else self.t["wrong"],
                               "bold green" if outcome.correct else "bold red")
        self.say(outcome.answer)
        if outcome.covered is not None:
            self.console.print(self.t["covered"].format(hit=sum(outcome.covered), total=len(outcome.covered)))
        rating = 1 if outcome.correct is False else self._read_rating(q, auto=outcome.correct is True)
        return self._record(q, rating, outcome.correct)

    def _record(self, q: Question, rating: int, correct: Optional[bool]) -> Rated:
        review_id = None
        if not self.practice:
            now = self.now()
            state = self.schedule.state(q.id, self.store.latest_cards().get(q.id))
            card = self.schedule.review(state, rating, now)
            review_id = self.store.add_review(q.id, rating, card.to_dict(), at=now,
                                              session=self.session, correct=correct)
        self.console.print(f"→ {RATING_NAMES[rating]}", "dim")
        return Rated(q, rating, correct, review_id)

    def _read_rating(self, q: Question, auto: bool) -> int:
        allowed = {"2", "3", "4"} if auto else {"1", "2", "3", "4"}
        prompt = self.t["rate_ok"] if auto else self.t["rate"]
        while True:
            line = self.line(prompt, q, allow_skip=False)
            if auto and line == "":
                return 3
            if line in allowed:
                return int(line)


def print_summary(console: Screen, summary: Summary, lang: str) -> None:
    t = TEXT[lang]
    graded = summary.graded
    console.rule(t["summary"])
    console.print(f"{t['answered']}: {summary.answered}"
                  + (f"   {t['correct']}: {sum(r.correct for r in graded)}/{len(graded)}"
                     if graded else ""))
    if summary.rated:
        rows = [(t["section"], t["answered"], t["correct"], t["again"])]
        for section in SECTIONS:
            rated = [r for r in summary.rated if r.question.section == section]
            if rated:
                auto = [r for r in rated if r.correct is not None]
                rows.append((section_title(section, lang), str(len(rated)),
                             f"{sum(r.correct for r in auto)}/{len(auto)}" if auto else "—",
                             str(sum(r.rating == 1 for r in rated))))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            console.print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if summary.next_due is not None or not summary.rated:
        console.print(f"{t['next_due']}: {describe_due(summary.next_due, lang)}")


def describe_due(due: Optional[datetime], lang: str, now: Optional[datetime] = None) -> str:
    if due is None:
        return TEXT[lang]["never"]
    now = now or utcnow()
    seconds = (due - now).total_seconds()
    local = due.astimezone().strftime("%Y-%m-%d %H:%M")
    if seconds <= 0:
        return f"{local} ({'сейчас' if lang == 'ru' else 'now'})"
    for unit, size, ru in (("d", 86400, "д"), ("h", 3600, "ч"), ("min", 60, "мин")):
        if seconds >= size:
            amount = round(seconds / size)
            return f"{local} ({'через ' if lang == 'ru' else 'in '}{amount} {ru if lang == 'ru' else unit})"
    return f"{local} ({'меньше минуты' if lang == 'ru' else 'under a minute'})"
