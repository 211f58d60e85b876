"""The quiz's logic, driven in-process with scripted input."""

from __future__ import annotations

import io
import random
import re
from datetime import datetime, timedelta, timezone

import pytest
from rich.console import Console

from paths import FIXTURE_BANK
from seqprep.bank import load_bank
from seqprep.quiz import Quiz, Rated, Summary, describe_due, plan, print_summary
from seqprep.schedule import Schedule, card_id
from seqprep.store import Store
from seqprep.terminal import Screen

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
    # rated Again, it comes back twice in the session (AGAIN_RETURNS), then the session ends
    assert [r.rating for r in summary.rated] == [1, 1, 1]
    assert all(r.correct is False for r in summary.rated)
    assert not any("Hard" in p or "Easy" in p for p in script.prompts)
    assert [r.rating for r in store.live_reviews("mini-choice")] == [1, 1, 1]
    assert out.getvalue().count("Wrong — recorded as Again.") == 3


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
    assert "judged by its words (1 of 2). A hint for rating yourself, not a score." in " ".join(text.split())
    assert [(r.rating, r.correct) for r in summary.rated] == [(2, None)]


def test_open_answer_ticks_are_labelled_as_a_hint_in_russian(bank, tmp_path):
    out = io.StringIO()
    answers = iter(["произведение якобианов и спектральный радиус меньше единицы", "", "3"])
    quiz = Quiz(bank, Store(tmp_path / "p.db"), Schedule(), Screen(out, width=200, color=False), lang="ru",
                rng=random.Random(0), read=lambda prompt: next(answers), now=lambda: NOW)
    quiz.run([bank.get("mini-open")])
    text = out.getvalue()
    assert "✔ произведение якобианов" in text and "✔ спектральный радиус меньше единицы" in text
    assert "(2 из 2). Это подсказка для самооценки, а не балл." in " ".join(text.split())


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


def test_practice_mode_says_wrong_without_claiming_a_record(bank, tmp_path):
    store = Store(tmp_path / "p.db")
    quiz, out = make_quiz(bank, store, Script("1", "15775744", ""), practice=True)
    summary = quiz.run([bank.get("mini-numeric")])
    text = out.getvalue()
    assert "Wrong." in text and "recorded" not in text and "→ Again" not in text
    assert [r.rating for r in summary.rated] == [1, 3]  # it came back, and was right the second time
    assert store.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


@pytest.mark.parametrize("ending", ["q", "Q", EOFError(), KeyboardInterrupt()])
def test_ending_at_the_default_rating_records_the_default(bank, tmp_path, ending):
    store = Store(tmp_path / "p.db")
    script = Script("15 775 744", ending)
    quiz, out = make_quiz(bank, store, script)
    summary = quiz.run([bank.get("mini-numeric"), bank.get("mini-open")])
    assert [(r.question.id, r.rating, r.correct) for r in summary.rated] == [("mini-numeric", 3, True)]
    assert [r.rating for r in Store(tmp_path / "p.db").live_reviews("mini-numeric")] == [3]
    assert not any("several lines" in p for p in script.prompts), "the session ended there"


def test_ending_at_a_self_rating_records_nothing(bank, tmp_path):
    store = Store(tmp_path / "p.db")
    quiz, out = make_quiz(bank, store, Script("", "q"))
    summary = quiz.run([bank.get("mini-open")])
    assert summary.rated == [] and store.live_reviews("mini-open") == []


def test_invalid_rating_input_says_what_is_allowed(bank, tmp_path):
    quiz, out = make_quiz(bank, Store(tmp_path / "p.db"), Script("", "7", "good", "2"))
    summary = quiz.run([bank.get("mini-open")])
    assert out.getvalue().count("Type 1, 2, 3 or 4") == 2
    assert [r.rating for r in summary.rated] == [2]
    quiz, out = make_quiz(bank, Store(tmp_path / "q.db"), Script("15775744", "1", "4"))
    summary = quiz.run([bank.get("mini-numeric")])
    assert "Type 2, 3 or 4, or press Enter for 3 (Good)" in out.getvalue()
    assert [r.rating for r in summary.rated] == [4]


def test_invalid_rating_input_in_russian(bank, tmp_path):
    out = io.StringIO()
    answers = iter(["", "5", "1", "", "3"])
    quiz = Quiz(bank, Store(tmp_path / "p.db"), Schedule(), Screen(out, width=100, color=False), lang="ru",
                rng=random.Random(0), read=lambda prompt: next(answers), now=lambda: NOW)
    summary = quiz.run([bank.get("mini-open")])
    text = out.getvalue()
    assert "Введите 1, 2, 3 или 4" in text and "→ Снова" in text and "→ Хорошо" in text
    assert "Этот вопрос вернётся позже в этой сессии." in text
    assert [r.rating for r in summary.rated] == [1, 3]


def copies(tmp_path, n: int):
    """A bank of n copies of the fixture's numeric question, c1 … cn."""
    import yaml

    source = yaml.safe_load((FIXTURE_BANK / "mini.yaml").read_text(encoding="utf-8"))
    numeric = next(q for q in source if q["kind"] == "numeric")
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "c.yaml").write_text(yaml.safe_dump([dict(numeric, id=f"c{i}") for i in range(1, n + 1)],
                                                  allow_unicode=True), encoding="utf-8")
    return load_bank(folder)


class ByQuestion(Script):
    """Answers by the id in the panel's title: wrong for the ids in `wrong` (each time), right otherwise."""

    def __init__(self, out, wrong=(), after=()):
        super().__init__()
        self.out, self.wrong, self.after, self.asked = out, set(wrong), list(after), []

    def __call__(self, prompt):
        self.prompts.append(prompt)
        if "a number" in prompt:
            qid = re.findall(r"· (c\d+) ", self.out.getvalue())[-1]
            self.asked.append(qid)
            if self.after and self.after[0][0] == len(self.asked):
                return self.after.pop(0)[1]
            return "1" if qid in self.wrong else "15775744"
        if self.after and self.after[0][0] == len(self.asked):
            return self.after.pop(0)[1]
        return ""  # Enter: the default rating


def test_a_card_rated_again_comes_back_after_three_others(tmp_path):
    bank = copies(tmp_path, 6)
    quiz, out = make_quiz(bank, Store(tmp_path / "p.db"), None)
    quiz.read = script = ByQuestion(out, wrong={"c1"})
    summary = quiz.run([bank.get(f"c{i}") for i in range(1, 7)])
    # c1 wrong every time: back after three others, then again after three (AGAIN_RETURNS = 2), then not
    assert script.asked == ["c1", "c2", "c3", "c4", "c1", "c5", "c6", "c1"]
    assert [r.rating for r in summary.rated if r.question.id == "c1"] == [1, 1, 1]
    assert "[2/7]" in out.getvalue() and "[5/7]" in out.getvalue() and "[6/8]" in out.getvalue() and "[8/8]" in out.getvalue()


def test_a_card_rated_again_near_the_end_comes_back_at_the_end(tmp_path):
    bank = copies(tmp_path, 3)
    quiz, out = make_quiz(bank, Store(tmp_path / "p.db"), None)
    quiz.read = script = ByQuestion(out, wrong={"c2"})
    quiz.run([bank.get(f"c{i}") for i in range(1, 4)])
    assert script.asked == ["c1", "c2", "c3", "c2", "c2"]


def test_undoing_an_again_takes_its_return_back(tmp_path):
    bank = copies(tmp_path, 6)
    store = Store(tmp_path / "p.db")
    quiz, out = make_quiz(bank, store, None)
    # c1 wrong (Again, queued to come back); at c2's prompt "u" undoes it: c1 is asked again, now right
    quiz.read = script = ByQuestion(out, wrong=set(), after=[(1, "1"), (2, "u")])
    summary = quiz.run([bank.get(f"c{i}") for i in range(1, 7)])
    assert script.asked == ["c1", "c2", "c1", "c2", "c3", "c4", "c5", "c6"]
    assert [(r.question.id, r.rating) for r in summary.rated][:2] == [("c1", 3), ("c2", 3)]
    assert [r.rating for r in store.live_reviews("c1")] == [3]


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
    print_summary(quiz.console, summary, "en", now=NOW)
    text = out.getvalue()
    assert "Answered: 1" in text and "RNN strengths and weaknesses" in text
    assert "Next review due:" in text and summary.next_due > NOW
    assert re.search(r"Next review due: \d{4}-\d\d-\d\d \d\d:\d\d \(in \d+ (minutes|hours|days?)\)", text)


@pytest.mark.parametrize("lang,delta,expected", [
    ("en", timedelta(seconds=-5), "now"), ("ru", timedelta(days=-3), "сейчас"), ("en", timedelta(0), "now"),
    ("en", timedelta(seconds=30), "(in under a minute)"), ("ru", timedelta(seconds=30), "(меньше чем через минуту)"),
    ("en", timedelta(minutes=1), "(in 1 minute)"), ("ru", timedelta(minutes=1), "(через 1 минуту)"),
    ("ru", timedelta(minutes=3), "(через 3 минуты)"), ("ru", timedelta(minutes=11), "(через 11 минут)"),
    ("ru", timedelta(minutes=21), "(через 21 минуту)"), ("ru", timedelta(hours=2), "(через 2 часа)"),
    ("ru", timedelta(days=5), "(через 5 дней)"), ("ru", timedelta(days=22), "(через 22 дня)"),
    ("en", timedelta(days=1), "(in 1 day)"), ("en", timedelta(days=12), "(in 12 days)"),
])
def test_next_review_due_reads_naturally(lang, delta, expected):
    said = describe_due(NOW + delta, lang, now=NOW)
    assert said == expected if delta <= timedelta(0) else said.endswith(expected), said


def test_the_summary_says_now_for_a_card_already_due(bank, tmp_path):
    out = io.StringIO()
    summary = Summary(next_due=NOW - timedelta(hours=5))
    summary.rated.append(Rated(bank.get("mini-open"), 1, None, None))
    print_summary(Screen(out, width=80, color=False), summary, "ru", now=NOW)
    assert "Следующее повторение: сейчас" in out.getvalue()
    assert "Снова" in out.getvalue() and "Again" not in out.getvalue()
