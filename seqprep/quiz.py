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
from collections import Counter, deque
from datetime import datetime
from typing import Callable, Optional

import msgspec

from . import i18n, render
from .bank import Bank
from .kinds import Question
from .schedule import Schedule
from .sections import SECTIONS, section_title
from .store import Store, utcnow
from .terminal import Screen

TEXT = {
    "ru": {
        "rate": "Оцените себя: 1 Снова, 2 Трудно, 3 Хорошо, 4 Легко",
        "rate_ok": "Верно! 2 Трудно, 3 Хорошо, 4 Легко [Enter = 3]",
        "bad_rate": "Введите 1, 2, 3 или 4 (q — закончить, u — отменить прошлую оценку).",
        "bad_rate_ok": "Введите 2, 3 или 4 или нажмите Enter (3 — Хорошо); q — закончить, оценка 3 сохранится.",
        "wrong": "Неверно — записано «Снова».", "wrong_practice": "Неверно.", "right": "Верно.",
        "again_later": "Этот вопрос вернётся позже в этой сессии.",
        "no_hint": "Подсказки нет.", "skipped": "Пропущено.", "nothing_to_undo": "Отменять нечего.",
        "undone": "Оценка «{rating}» для {qid} отменена; вопрос задан снова.",
        "keys": "q — выход, s — пропуск, h — подсказка, u — отмена",
        "empty": "Нет вопросов к повторению. Следующий — {due}. Для тренировки без расписания: --practice.",
        "empty_bank": "Под эти фильтры не подходит ни один вопрос.",
        "summary": "Итоги", "answered": "Отвечено", "correct": "Верно (автопроверка)",
        "section": "Раздел", "next_due": "Следующее повторение",
        "practice": "Режим тренировки: расписание не меняется.", "never": "нет",
        "now": "сейчас", "soon": "меньше чем через минуту", "in": "через {amount}",
        "days": ("день", "дня", "дней"), "hours": ("час", "часа", "часов"), "minutes": ("минуту", "минуты", "минут"),
    },
    "en": {
        "rate": "Rate yourself: 1 Again, 2 Hard, 3 Good, 4 Easy",
        "rate_ok": "Correct! 2 Hard, 3 Good, 4 Easy [Enter = 3]",
        "bad_rate": "Type 1, 2, 3 or 4 (q ends the session, u undoes the last rating).",
        "bad_rate_ok": "Type 2, 3 or 4, or press Enter for 3 (Good); q ends the session and records 3.",
        "wrong": "Wrong — recorded as Again.", "wrong_practice": "Wrong.", "right": "Correct.",
        "again_later": "This question comes back later in this session.",
        "no_hint": "No hint for this one.", "skipped": "Skipped.", "nothing_to_undo": "Nothing to undo.",
        "undone": "Undid the rating '{rating}' for {qid}; asking it again.",
        "keys": "q quit, s skip, h hint, u undo",
        "empty": "Nothing is due. The next review is {due}. To practice anyway: --practice.",
        "empty_bank": "No question matches these filters.",
        "summary": "Summary", "answered": "Answered", "correct": "Correct (auto-graded)",
        "section": "Section", "next_due": "Next review due",
        "practice": "Practice mode: the schedule is left alone.", "never": "none",
        "now": "now", "soon": "in under a minute", "in": "in {amount}",
        "days": ("day", "days", "days"), "hours": ("hour", "hours", "hours"), "minutes": ("minute", "minutes", "minutes"),
    },
}

# A card rated Again comes back in the same session, as Anki's learning steps do:
# after AGAIN_AFTER other cards (at the end of the queue when fewer are left), at
# most AGAIN_RETURNS times per session, so that one card cannot hold a session forever.
AGAIN_AFTER = 3
AGAIN_RETURNS = 2


class EndSession(Exception):
    pass


class Skip(Exception):
    pass


class Undo(Exception):
    pass


class RatedThenEnd(Exception):
    """The session ends right after this rating was recorded (q at a default rating)."""

    def __init__(self, rated: "Rated"):
        super().__init__()
        self.rated = rated


class Rated(msgspec.Struct):
    question: Question
    rating: int
    correct: Optional[bool]
    review_id: Optional[int]
    returns: bool = False  # this Again sent the question back into the session


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
        returns: Counter = Counter()  # question id -> times it came back after Again
        if self.practice:
            self.console.print(self.t["practice"], "dim")
        self.console.print(self.t["keys"], "dim")
        while queue:
            q = queue.popleft()
            done = summary.answered + summary.skipped
            number = f"[{i18n.number(done + 1, self.lang)}/{i18n.number(done + 1 + len(queue), self.lang)}] "
            end = False
            try:
                rated = self.one(q, number)
            except Skip:
                summary.skipped += 1
                self.console.print(self.t["skipped"], "dim")
                continue
            except Undo:
                queue.appendleft(q)
                if not summary.rated:
                    self.console.print(self.t["nothing_to_undo"])
                    continue
                last = summary.rated.pop()
                if last.review_id is not None:
                    self.store.undo(last.review_id)
                if last.returns:  # the Again that sent it back is gone, and so is its return:
                    for i in range(len(queue) - 1, -1, -1):  # still queued, or the one being asked (q)
                        if queue[i] is last.question:
                            del queue[i]
                            break
                    returns[last.question.id] -= 1
                queue.appendleft(last.question)
                self.console.print(self.t["undone"].format(rating=i18n.rating(last.rating, self.lang),
                                                          qid=last.question.id))
                continue
            except EndSession:
                break
            except RatedThenEnd as stop:
                rated, end = stop.rated, True
            summary.rated.append(rated)
            if end:
                break
            if rated.rating == 1 and returns[q.id] < AGAIN_RETURNS:
                returns[q.id] += 1
                rated.returns = True
                queue.insert(min(AGAIN_AFTER, len(queue)), q)
                self.console.print(self.t["again_later"], "dim")
        if not self.practice:
            summary.next_due = next_due(self.bank, self.store, self.schedule)
        return summary

    def one(self, q: Question, number: str) -> Rated:
        """Ask `q`, show the verdict and the answer, read and record the rating.

        `q` (or Ctrl-D) at the rating prompt after a correct answer records the
        default rating and then ends the session (`RatedThenEnd`)."""
        self.number = number
        outcome = q.ask(self)
        if outcome.correct is not None:
            wrong = self.t["wrong_practice"] if self.practice else self.t["wrong"]
            self.console.print(self.t["right"] if outcome.correct else wrong,
                               "bold green" if outcome.correct else "bold red")
        self.say(outcome.answer)
        if outcome.correct is False:
            return self._record(q, 1, outcome.correct, echo=not self.practice)
        try:
            rating = self._read_rating(q, auto=outcome.correct is True)
        except EndSession:
            if outcome.correct is not True:
                raise
            raise RatedThenEnd(self._record(q, 3, True)) from None
        return self._record(q, rating, outcome.correct)

    def _record(self, q: Question, rating: int, correct: Optional[bool], echo: bool = True) -> Rated:
        review_id = None
        if not self.practice:
            now = self.now()
            state = self.schedule.state(q.id, self.store.latest_cards().get(q.id))
            card = self.schedule.review(state, rating, now)
            review_id = self.store.add_review(q.id, rating, card.to_dict(), at=now,
                                              session=self.session, correct=correct)
        if echo:
            self.console.print(f"→ {i18n.rating(rating, self.lang)}", "dim")
        return Rated(q, rating, correct, review_id)

    def _read_rating(self, q: Question, auto: bool) -> int:
        """1-4 (2-4 after a correct answer, where Enter means 3); anything else is
        answered with what is allowed."""
        allowed = {"2", "3", "4"} if auto else {"1", "2", "3", "4"}
        prompt = self.t["rate_ok"] if auto else self.t["rate"]
        while True:
            line = self.line(prompt, q, allow_skip=False)
            if auto and line == "":
                return 3
            if line in allowed:
                return int(line)
            self.warn(self.t["bad_rate_ok"] if auto else self.t["bad_rate"])


def print_summary(console: Screen, summary: Summary, lang: str, now: Optional[datetime] = None) -> None:
    t = TEXT[lang]
    n = lambda value: i18n.number(value, lang)  # noqa: E731
    graded = summary.graded
    console.rule(t["summary"])
    console.print(f"{t['answered']}: {n(summary.answered)}"
                  + (f"   {t['correct']}: {n(sum(r.correct for r in graded))}/{n(len(graded))}"
                     if graded else ""))
    if summary.rated:
        rows = [(t["section"], t["answered"], t["correct"], i18n.rating(1, lang))]
        for section in SECTIONS:
            rated = [r for r in summary.rated if r.question.section == section]
            if rated:
                auto = [r for r in rated if r.correct is not None]
                rows.append((section_title(section, lang), n(len(rated)),
                             f"{n(sum(r.correct for r in auto))}/{n(len(auto))}" if auto else "—",
                             n(sum(r.rating == 1 for r in rated))))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            console.print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if summary.next_due is not None or not summary.rated:
        console.print(f"{t['next_due']}: {describe_due(summary.next_due, lang, now)}")


def describe_due(due: Optional[datetime], lang: str, now: Optional[datetime] = None) -> str:
    """When a review is due, for a reader: "now" for a time that has come, else the local
    time and how long until it: `2026-11-27 09:15 (in 2 days)`, «… (через 2 дня)»."""
    t = TEXT[lang]
    if due is None:
        return t["never"]
    now = now or utcnow()
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return t["now"]
    local = due.astimezone().strftime("%Y-%m-%d %H:%M")
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            amount = i18n.choose(round(seconds / size), t[unit], lang)
            return f"{local} ({t['in'].format(amount=amount)})"
    return f"{local} ({t['soon']})"
