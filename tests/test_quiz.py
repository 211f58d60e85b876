"""The quiz's logic, driven in-process with scripted input."""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta, timezone

import pytest
from rich.console import Console

from paths import FIXTURE_BANK
from seqprep.bank import load_bank
from seqprep.quiz import Quiz, plan, print_summary
from seqprep.schedule import Schedule, card_id
from seqprep.store import Store

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


class Script:
    """Feeds answers to the quiz and remembers every prompt it was asked."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


@pytest.fixture
def bank():
    return load_bank(FIXTURE_BANK)


def make_quiz(bank, store, script, practice=False, seed=0):
    out = io.StringIO()
    console = Console(file=out, width=100, no_color=True)
    quiz = Quiz(bank, store, Schedule(), console, lang="en", rng=random.Random(seed),
                practice=practice, read=script, now=lambda: NOW)
    return quiz, out


def correct_option_number(output: str) -> int:
    for line in output.splitlines():
        if line.strip().endswith(". tanh"):
            return int(line.strip().split(".")[0])
    raise AssertionError("options not shown")


def test_wrong_choice_is_again_without_offering_hard_or_easy(bank, tmp_path):
    store = Store(tmp_path / "p.db")
    q = bank.get("mini-choice")

    class Wrong(Script):
        def __call__(self, prompt):
            if "Option number" in prompt:
                self.prompts.append(prompt)
                right = correct_option_number(out.getvalue())
                return str(1 if right != 1 else 2)
            return super().__call__(prompt)

    script = Wrong()
    quiz, out = make_quiz(bank, store, script)
    summary = quiz.run([q])
    assert [r.rating for r in summary.rated] == [1]
    assert summary.rated[0].correct is False
    assert not any("Hard" in p or "Easy" in p for p in script.prompts)
    assert store.live_reviews("mini-choice")[0].rating == 1


def test_correct_numeric_defaults_to_good_and_shows_the_value(bank, tmp_path):
    store = Store(tmp_path / "p.db")
    script = Script("15 775 744", "")
    quiz, out = make_quiz(bank, store, script)
    summary = quiz.run([bank.get("mini-numeric")])
    assert [(r.rating, r.correct) for r in summary.rated] == [(3, True)]
    assert "Correct value: 15,775,744" in out.getvalue()
    assert "Hard" in script.prompts[-1] and "1 Again" not in script.prompts[-1]


def test_unparseable_number_is_asked_again(bank, tmp_path):
    script = Script("fifteen million", "15.8M", "4")
    quiz, out = make_quiz(bank, Store(tmp_path / "p.db"), script)
    summary = quiz.run([bank.get("mini-numeric")])
    assert [r.rating for r in summary.rated] == [4]
    assert "not a number: 'fifteen million'" in out.getvalue()


def test_open_answer_shows_covered_points_and_asks_for_a_rating(bank, tmp_path):
    script = Script("h", "the product of Jacobians shrinks", "", "2")
    quiz, out = make_quiz(bank, Store(tmp_path / "p.db"), script)
    summary = quiz.run([bank.get("mini-open")])
    text = out.getvalue()
    assert "Think of a product of matrices." in text
    assert "✔ product of Jacobians" in text and "· spectral radius below one" in text
    assert [(r.rating, r.correct) for r in summary.rated] == [(2, None)]


def test_undo_reverts_the_last_rating_and_asks_again(bank, tmp_path):
    store = Store(tmp_path / "p.db")
    script = Script("", "3", "u", "", "1", "", "4")
    quiz, out = make_quiz(bank, store, script)
    summary = quiz.run([bank.get("mini-open"), bank.get("mini-numeric")])
    # open: reveal, rate 3; numeric: "u" undoes that 3 and re-asks the open one:
    # reveal, rate 1; numeric again: "" is re-asked, "4" is a wrong number.
    live = store.live_reviews("mini-open")
    assert [r.rating for r in live] == [1]
    undone = store.db.execute("SELECT COUNT(*) FROM undos").fetchone()[0]
    assert undone == 1
    assert "Undid the rating 'Good' for mini-open" in out.getvalue()
    assert [(r.question.id, r.rating) for r in summary.rated] == [("mini-open", 1), ("mini-numeric", 1)]


@pytest.mark.parametrize("ending", [EOFError(), KeyboardInterrupt(), "q"])
def test_ending_the_session_keeps_every_rating(bank, tmp_path, ending):
    store = Store(tmp_path / "p.db")
    script = Script("", "3", ending)
    quiz, out = make_quiz(bank, store, script)
    summary = quiz.run([bank.get("mini-open"), bank.get("mini-numeric")])
    assert summary.answered == 1
    assert Store(tmp_path / "p.db").latest_cards().keys() == {"mini-open"}


def test_practice_mode_writes_nothing(bank, tmp_path):
    store = Store(tmp_path / "p.db")
    quiz, out = make_quiz(bank, store, Script("", "4"), practice=True)
    quiz.run([bank.get("mini-open")])
    assert store.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


def test_plan_puts_due_cards_first_then_new_and_hides_the_rest(bank, tmp_path):
    store = Store(tmp_path / "p.db")
    schedule = Schedule()
    # mini-open: reviewed long ago with Again -> due; mini-numeric: reviewed Easy just now -> not due
    for qid, rating, at in (("mini-open", 1, NOW - timedelta(days=3)), ("mini-numeric", 4, NOW)):
        card = schedule.review(schedule.state(qid, None), rating, at)
        store.add_review(qid, rating, card.to_dict(), at=at)
    order = plan(bank, store, schedule, n=10, rng=random.Random(0), now=NOW)
    assert [q.id for q in order] == ["mini-open", "mini-choice"]
    assert [q.id for q in plan(bank, store, schedule, n=1, rng=random.Random(0), now=NOW)] == ["mini-open"]
    practice = plan(bank, store, schedule, n=10, practice=True, rng=random.Random(0), now=NOW)
    assert sorted(q.id for q in practice) == ["mini-choice", "mini-numeric", "mini-open"]


def test_fsrs_cards_use_stable_ids_and_utc(bank, tmp_path):
    schedule = Schedule()
    state = schedule.state("mini-open", None)
    assert state.card.card_id == card_id("mini-open") == card_id("mini-open")
    card = schedule.review(state, 3, NOW)
    assert card.due.tzinfo is not None and card.due > NOW
    with pytest.raises(ValueError):
        schedule.review(state, 3, NOW.replace(tzinfo=None))
    assert schedule.scheduler.desired_retention == 0.9


def test_summary_lists_sections_and_next_due(bank, tmp_path):
    store = Store(tmp_path / "p.db")
    quiz, out = make_quiz(bank, store, Script("", "3"))
    summary = quiz.run([bank.get("mini-open")])
    print_summary(quiz.console, summary, "en")
    text = out.getvalue()
    assert "Answered: 1" in text and "RNN strengths and weaknesses" in text
    assert "Next review due:" in text and summary.next_due > NOW
