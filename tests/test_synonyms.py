"""Synonyms of key points (`synonyms:` of an open question): validated like the other
fields, passed to the matcher by the quiz, and present where the bank's open questions
need them.

The paraphrases below are what a candidate who knows the answer might type; they were
written apart from the bank's synonyms (none is one of them) and are held out: the
synonyms were written for other wordings of the same points (review M9)."""

from __future__ import annotations

import io
import random
import textwrap

import pytest

from seqprep.bank import BankError, load_bank
from seqprep.keypoints import covered
from seqprep.quiz import Quiz
from seqprep.schedule import Schedule
from seqprep.store import Store
from seqprep.terminal import Screen

# (question, language, key point number, a correct paraphrase the key point alone misses)
HELD_OUT = [
    ("tvr-quadratic-cost", "ru", 1, "Q, K, V и выходной линейный слой — это 4 T d^2, а сама матрица внимания плюс "
                                    "умножение на V дают 2 T^2 d"),
    ("tvr-quadratic-cost", "en", 1, "the linear maps for Q, K, V and the output are 4 T d^2; the attention matrix and "
                                    "multiplying it by V are 2 T^2 d"),
    ("tvr-quadratic-cost", "en", 2, "the T^2 term wins only for sequences longer than 2d, or 6d if you count the "
                                    "feed-forward too"),
    ("tvr-quadratic-cost", "ru", 3, "в памяти лежит матрица внимания T на T, и так для каждой головы"),
    ("tvr-quadratic-cost", "en", 3, "every head stores a T x T attention matrix"),
    ("tvr-quadratic-cost", "en", 4, "Flash attention brings memory down to linear, but FLOPs stay quadratic"),
    ("attn-what-is", "ru", 1, "из каждого токена матрицами W_Q, W_K, W_V получаются запрос, ключ и значение"),
    ("attn-what-is", "ru", 2, "считаем скалярные произведения запросов с ключами и делим на корень из d_k"),
    ("attn-what-is", "en", 2, "take the dot products of queries with keys and divide by the square root of d_k"),
    ("arch-multi-head", "ru", 3, "выходы всех голов склеиваются, потом умножаются на W_O"),
    ("arch-multi-head", "ru", 5, "параметров и вычислений ровно столько же, сколько у одной головы полной ширины"),
    ("arch-transformer-block", "ru", 1, "и attention, и FFN обёрнуты остаточными соединениями x + f(x)"),
    ("arch-transformer-block", "ru", 3, "полносвязный слой с расширением в 4 раза и GELU"),
    ("arch-transformer-block", "en", 3, "an MLP whose hidden layer is 4x wider, with a GELU"),
    ("arch-transformer-block", "en", 3, "linear, ReLU, linear with hidden size 4d"),
    ("arch-transformer-block", "ru", 4, "внимание передаёт информацию между токенами, а MLP обрабатывает каждый "
                                        "токен отдельно"),
    ("arch-transformer-block", "en", 4, "attention mixes information across tokens, while the MLP is applied to "
                                        "each token separately"),
    ("scratch-test-against-torch", "ru", 2, "склеиваю Wq, Wk, Wv в in_proj_weight, Wo кладу в out_proj"),
    ("scratch-test-against-torch", "en", 2, "Wq, Wk, Wv are concatenated into in_proj_weight and Wo goes into out_proj"),
    ("scratch-test-against-torch", "en", 2, "mha.in_proj_weight = cat(Wq, Wk, Wv); mha.out_proj.weight = Wo"),
    ("scratch-test-against-torch", "ru", 6, "проверяю каузальность (будущие токены не влияют) и эквивариантность "
                                            "к перестановкам"),
    ("pc-vanishing-condition", "en", 4, "gradients explode only if a singular value exceeds 1, and even then they "
                                        "may not"),
    ("prep-long-markup", "en", 1, "parse the HTML and strip menus, navigation and boilerplate"),
    ("prep-long-markup", "ru", 2, "дедупликация, чтобы один и тот же текст не попал и в train, и в test"),
    ("prep-long-markup", "en", 2, "run deduplication, so that one document is never in both train and test"),
    ("prep-long-markup", "ru", 3, "обрезать, оставив только начало и конец"),
    ("prep-long-markup", "en", 3, "truncate, keeping the beginning and the end"),
]


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.mark.parametrize("qid,lang,number,said", HELD_OUT)
def test_a_correct_paraphrase_is_ticked_through_the_synonyms(bank, qid, lang, number, said):
    q = bank.get(qid)
    points = q.key_points_md(lang)
    assert not covered(said, points)[number - 1], "the key point alone already covers it: not a synonym case"
    assert covered(said, points, synonyms=q.synonyms_md(lang))[number - 1]
    for phrasing in q.synonyms_md(lang)[number - 1]:
        assert phrasing != said


@pytest.mark.parametrize("qid,lang,number,wrong", [
    ("tvr-quadratic-cost", "en", 1, "linear maps 4 T^2 d, the attention matrix and multiplying by V 2 T d^2"),
    ("tvr-quadratic-cost", "ru", 1, "линейные слои 4 T^2 d, матрица внимания и умножение на V 2 T d^2"),
    ("tvr-quadratic-cost", "en", 2, "T^3 wins only for sequences longer than 2d^2, 6d counting the feed-forward"),
])
def test_a_synonym_does_not_tick_a_wrong_formula(bank, qid, lang, number, wrong):
    q = bank.get(qid)
    assert not covered(wrong, q.key_points_md(lang), synonyms=q.synonyms_md(lang))[number - 1]


def test_every_synonym_is_reached_by_its_own_words(bank):
    """A synonym that the matcher cannot reach even word for word is dead text."""
    count = 0
    for q in bank.select(kind="open"):
        for lang in ("ru", "en"):
            for number, phrasings in enumerate(q.synonyms_md(lang), 1):
                for phrasing in phrasings:
                    count += 1
                    hits = covered(phrasing, q.key_points_md(lang), synonyms=q.synonyms_md(lang))
                    assert hits[number - 1], (q.id, lang, number, phrasing)
    assert count >= 25


# --- the field ----------------------------------------------------------------------

HEAD = """\
- id: syn-one
  section: rnn-basics
  kind: {kind}
  difficulty: easy
  prompt: {{ru: Что такое RNN?, en: What is an RNN?}}
  answer: {{ru: Рекуррентная сеть со скрытым состоянием., en: A recurrent network with a hidden state.}}
  key_points: {{ru: [скрытое состояние, общие веса], en: [hidden state, shared weights]}}
"""


def _problems(tmp_path, text: str) -> list[str]:
    folder = tmp_path / "questions"
    folder.mkdir(exist_ok=True)
    (folder / "rnn.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(folder)
    return info.value.problems


def test_synonyms_are_optional_per_language_and_load(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "rnn.yaml").write_text(HEAD.format(kind="open") + "  synonyms:\n    ru: {2: [одни и те же матрицы]}\n",
                                     encoding="utf-8")
    q = load_bank(folder).get("syn-one")
    assert q.synonyms_md("ru") == [[], ["одни и те же матрицы"]] and q.synonyms_md("en") == [[], []]
    again = load_bank(folder).get("syn-one")  # from the cache this time
    assert again.synonyms_md("ru") == [[], ["одни и те же матрицы"]]


@pytest.mark.parametrize("field,expected", [
    ("  synonyms:\n    ru: {3: [x]}\n",
     "questions/rnn.yaml:8: question 'syn-one': field 'synonyms' (synonyms.ru.3) names key point 3, "
     "but key_points.ru has 2 (numbered from 1)"),
    ("  synonyms:\n    en: {0: [x]}\n",
     "questions/rnn.yaml:8: question 'syn-one': field 'synonyms' (synonyms.en.0) names key point 0, "
     "but key_points.en has 2 (numbered from 1)"),
    ("  synonyms:\n    en: {1: []}\n", "questions/rnn.yaml:9: question 'syn-one': field 'synonyms.en.1' needs at least 1 item"),
    ("  synonyms:\n    en: {\"1\": [x]}\n",
     "questions/rnn.yaml:9: question 'syn-one': field 'synonyms.en.1' must be an integer, not str"),
    ("  synonyms:\n    en: {1: [\" \"]}\n", "questions/rnn.yaml:9: question 'syn-one': field 'synonyms.en.1.0' must not be blank"),
    ("  synonyms:\n    de: {1: [x]}\n", "questions/rnn.yaml:9: question 'syn-one': unknown field 'synonyms.de'"),
    ("  synonyms: [x]\n", "questions/rnn.yaml:8: question 'syn-one': field 'synonyms' must be a mapping of fields, not list"),
])
def test_a_bad_synonyms_field_gets_one_line(tmp_path, field, expected):
    assert _problems(tmp_path, HEAD.format(kind="open") + field) == [expected]


def test_synonyms_belong_to_open_questions(tmp_path):
    text = HEAD.format(kind="choice") + ("  synonyms: {ru: {1: [x]}}\n  options:\n    - text: {ru: a, en: a}\n"
                                         "      correct: true\n    - text: {ru: b, en: b}\n")
    assert _problems(tmp_path, text) == ["questions/rnn.yaml:8: question 'syn-one': unknown field 'synonyms'"]


def test_the_quiz_ticks_a_point_through_its_synonym(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "rnn.yaml").write_text(HEAD.format(kind="open") + "  synonyms:\n    en: {2: [one matrix for every step]}\n",
                                     encoding="utf-8")
    bank = load_bank(folder)
    said = "the hidden state carries the past; one matrix is used for every step"
    assert covered(said, ["hidden state", "shared weights"]) == [True, False]  # the synonym is what ticks it
    answers = iter([said, "", "3"])
    out = io.StringIO()
    quiz = Quiz(bank, Store(tmp_path / "p.db"), Schedule(), Screen(out, width=100, color=False), lang="en",
                rng=random.Random(0), read=lambda prompt: next(answers))
    quiz.run([bank.get("syn-one")])
    text = out.getvalue()
    assert "✔ hidden state" in text and "✔ shared weights" in text
