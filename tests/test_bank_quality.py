"""Bank quality that the schema cannot see: every question has a hint in both languages (the quiz offers `h`
only when there is one), and the correct option of single-answer choice questions is not given away by being
the longest (choice questions are all-or-nothing, so length must not be the tell)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAX_LONGEST_SHARE = 0.40


def _questions() -> list[dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for path in sorted((ROOT / "questions").glob("*.yaml")):
        for entry in yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []:
            out.append({**entry, "_file": path.name})
    return out


QUESTIONS = _questions()


def _single_answer_choice():
    return [q for q in QUESTIONS if q["kind"] == "choice" and sum(bool(o.get("correct")) for o in q["options"]) == 1]


def longest_is_correct(question: dict, lang: str) -> bool:
    """The correct option is strictly longer than every other option."""
    lengths = [len(option["text"][lang].strip()) for option in question["options"]]
    correct = next(i for i, option in enumerate(question["options"]) if option.get("correct"))
    return all(lengths[correct] > n for i, n in enumerate(lengths) if i != correct)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_correct_option_is_rarely_the_longest(lang):
    single = _single_answer_choice()
    tells = [q["id"] for q in single if longest_is_correct(q, lang)]
    share = len(tells) / len(single)
    print(f"{lang}: the correct option is strictly the longest in {len(tells)} of {len(single)} single-answer "
          f"choice questions ({share:.0%}): {tells}")
    assert len(single) >= 10
    assert share < MAX_LONGEST_SHARE, f"{share:.0%} ≥ {MAX_LONGEST_SHARE:.0%}: {tells}"


def test_longest_is_correct_by_hand():
    question = {"options": [{"text": {"en": "short"}}, {"text": {"en": "the longest one"}, "correct": True},
                            {"text": {"en": "medium size"}}]}
    assert longest_is_correct(question, "en")
    question["options"][2]["text"]["en"] = "an even longer distractor"
    assert not longest_is_correct(question, "en")


def test_every_question_has_a_hint_in_both_languages():
    missing = [q["id"] for q in QUESTIONS
               if not isinstance(q.get("hint"), dict) or not all(str(q["hint"].get(lang) or "").strip()
                                                                for lang in ("ru", "en"))]
    assert not missing, f"{len(missing)} questions without a hint: {missing}"


def test_hints_do_not_give_the_answer_away():
    """A hint is a nudge, not the answer: it is shorter than the model answer and does not repeat it."""
    for q in QUESTIONS:
        hint = q.get("hint")
        if not isinstance(hint, dict):
            continue
        for lang in ("ru", "en"):
            text, answer = str(hint.get(lang) or "").strip(), str(q["answer"][lang]).strip()
            assert len(text) < len(answer), (q["id"], lang)
            assert text not in answer, (q["id"], lang)


def test_open_questions_key_points_are_reachable():
    """The quiz ticks the key points an open answer covers by word stems. A key point that is only a formula has
    no stems and can never be ticked, and one its own model answer does not cover is out of reach for a user too."""
    from seqprep.keypoints import covered, stems

    unreachable = []
    for q in QUESTIONS:
        if q["kind"] != "open":
            continue
        for lang in ("ru", "en"):
            points = q["key_points"][lang]
            for point, hit in zip(points, covered(q["answer"][lang], points)):
                if not stems(point) or not hit:
                    unreachable.append(f"{q['id']} [{lang}] {point}")
    assert not unreachable, "\n".join(unreachable)


def test_formula_key_points_are_not_ticked_by_a_wrong_formula():
    # review M9: "wrong: O(T^3) quadratic cost" used to tick "quadratic cost O(T^2 d)"
    from seqprep.keypoints import covered

    point = next(q for q in QUESTIONS if q["id"] == "attn-what-is")["key_points"]["en"]
    assert not any(covered("wrong: O(T^3) quadratic cost", point))
    assert any(covered("scores and the weighted sum cost T^2 d, the projections T d^2", point))
