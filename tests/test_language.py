"""The terminal speaks the reader's language: plural forms, numbers, ratings, labels and
headers, booleans; an unknown SEQPREP_LANG says which languages there are."""

from __future__ import annotations

import ast
import io
import random
import re
import subprocess
from pathlib import Path

import pytest

from paths import FIXTURE_BANK, ROOT, SEQPREP
from seqprep import i18n
from seqprep.bank import load_bank
from seqprep.quiz import Quiz, print_summary
from seqprep.render import show_question
from seqprep.schedule import Schedule
from seqprep.stats import table
from seqprep.store import Store, utcnow
from seqprep.terminal import Screen

NNBSP = "\u202f"  # the narrow no-break space of Russian digit groups


# (number, noun as the bank might write it, what a Russian reader expects), by hand from the grammar
RUSSIAN = [
    (1, "вопрос", "1 вопрос"), (2, "вопрос", "2 вопроса"), (5, "вопрос", "5 вопросов"), (11, "вопрос", "11 вопросов"),
    (12, "вопросов", "12 вопросов"), (14, "вопроса", "14 вопросов"), (21, "вопрос", "21 вопрос"),
    (22, "вопрос", "22 вопроса"), (25, "вопрос", "25 вопросов"), (101, "вопрос", "101 вопрос"),
    (111, "вопрос", "111 вопросов"), (0, "вопрос", "0 вопросов"),
    (233, "токенов", "233 токена"), (16384, "параметров", f"16{NNBSP}384 параметра"),
    (3072, "параметров", f"3{NNBSP}072 параметра"), (1, "параметров", "1 параметр"),
    (2.5, "параметров", "2,5 параметра"), (125, "токенов/с", "125 токенов/с"), (2, "токенов/с", "2 токена/с"),
    (1, "ната на токен", "1 нат на токен"), (10.37, "ната на токен", "10,37 ната на токен"),
    (5, "ната на токен", "5 натов на токен"), (2, "пар", "2 пары"), (329200, "пар", f"329{NNBSP}200 пар"),
    (3, "байт", "3 байта"), (16, "байт", "16 байт"), (2.4, "дней", "2,4 дня"), (1, "дней", "1 день"),
    (1, "доли строк", "1 доля строк"), (0.057, "доли строк", "0,057 доли строк"), (5, "раза", "5 раз"),
    (1.875, "раза", "1,875 раза"), (50304, "строк", f"50{NNBSP}304 строки"), (156, "последовательностей",
                                                                        "156 последовательностей"),
    (7.256, "позиций", "7,256 позиции"), (21, "позиций", "21 позиция"), (6.579, "шагов", "6,579 шага"),
    (2, "MAC", "2 MAC"), (31.23, "%", "31,23 %"),
]
ENGLISH = [
    (1, "parameters", "1 parameter"), (2, "parameters", "2 parameters"), (0.5, "parameters", "0.5 parameters"),
    (16384, "parameters", "16,384 parameters"), (1, "MACs", "1 MAC"), (1, "bits per byte", "1 bit per byte"),
    (0.93, "bits per byte", "0.93 bits per byte"), (1, "tokens/s", "1 token/s"), (1, "of the rows", "1 of the rows"),
    (1, "question", "1 question"), (5, "question", "5 questions"), (1, "×", "1 ×"),
]
INVARIANT = {"ru": {"MAC", "%"}, "en": {"×", "%", "of"}}  # unit words with one form


@pytest.mark.parametrize("value,unit,expected", RUSSIAN)
def test_russian_plural_forms(value, unit, expected):
    assert i18n.quantity(value, unit, "ru") == expected


@pytest.mark.parametrize("value,unit,expected", ENGLISH)
def test_english_plural_forms(value, unit, expected):
    assert i18n.quantity(value, unit, "en") == expected


def test_every_unit_of_the_bank_is_inflected_or_known_to_have_one_form():
    bank = load_bank()
    units = {(lang, q.unit.get(lang)) for q in bank.select(kind="numeric") if q.unit for lang in ("ru", "en")}
    assert len(units) > 20
    for lang, unit in units:
        first = re.match(r"[^\W\d_]+|\S", unit).group(0)
        if first in INVARIANT[lang]:
            assert i18n.quantity(1, unit, lang) == i18n.quantity(5, unit, lang).replace("5", "1", 1)
        else:  # a noun: its form after 2 (ru) or 1 (en) differs from its form after 5
            few = 2 if lang == "ru" else 1
            assert i18n.quantity(few, unit, lang).split()[1] != i18n.quantity(5, unit, lang).split()[1], (lang, unit)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_show_writes_values_units_and_booleans_for_the_language(lang):
    bank = load_bank()
    label = "Правильное значение:" if lang == "ru" else "Correct value:"
    lines = []
    for q in bank.select(kind="numeric"):
        out = io.StringIO()
        show_question(Screen(out, width=400, color=False), q, lang)
        lines += [line for line in out.getvalue().splitlines() if line.startswith(label)]
    assert len(lines) == len(bank.select(kind="numeric"))
    text = "\n".join(lines)
    assert not re.search(r"\b(True|False|true|false)\b", text)
    if lang == "ru":
        assert not re.search(r"\d,\d{3},\d{3}", text) and not re.search(r"\d\.\d", text), "English digits in Russian"
        assert re.search(r"\d\u202f\d{3}\u202f\d{3}", text)
        assert re.search(r"= да\b", text) and re.search(r"= нет\b", text)
        assert "3\u202f072 параметра" in text and "473 токена" in text and "2,4 дня" in text
    else:
        assert NNBSP not in text and not re.search(r"\d,\d{1,2}(?!\d)", text), "Russian digits in English"
        assert re.search(r"= yes\b", text) and re.search(r"= no\b", text)
        assert "3,072 parameters" in text and "473 tokens" in text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_parameters_after_a_value_split_without_ambiguity(lang):
    """Russian writes 0,9 with a decimal comma, so the parameters are separated by "; ", never ", ":
    every `name = value` after the correct value parses back to the question's own parameter."""
    from seqprep.numparse import parse_number

    checked = 0
    for q in load_bank().select(kind="numeric"):
        params = q.fixed()
        if len(params) < 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in params.values()):
            continue
        line = q.details_md(lang)[1]
        inside = line[line.rindex("(") + 1:line.rindex(")")]
        pairs = [item.split(" = ") for item in inside.split("; ")]
        assert [name for name, _ in pairs] == list(params), line
        for (name, shown), value in zip(pairs, params.values()):
            parsed = parse_number(shown)   # "30,522" in English is a thousands group the parser asks about
            readings = [parsed.value] if parsed.value is not None else list(parsed.readings)
            assert any(r == pytest.approx(value, rel=1e-3) for r in readings), (q.id, name, shown)
        checked += 1
    assert checked >= 20


def test_stats_writes_numbers_for_the_language():
    rows = [{"section": "rnn-basics", "title": {"ru": "Что такое RNN", "en": "What an RNN is"}, "questions": 12345,
             "seen": 1001, "due": 2, "mean_retrievability": 0.874}]
    ru, en = table(rows, "ru"), table(rows, "en")
    assert "12\u202f345" in ru and "1\u202f001" in ru and "87\u202f%" in ru and "Вопросов" in ru
    assert "12,345" in en and "1,001" in en and "87%" in en and "Questions" in en


def test_a_russian_session_speaks_russian(tmp_path):
    bank = load_bank(FIXTURE_BANK)
    out = io.StringIO()
    answers = iter(["", "1", "", "3"])  # open: reveal, Снова; it comes back: reveal, Хорошо
    prompts = []
    quiz = Quiz(bank, Store(tmp_path / "p.db"), Schedule(), Screen(out, width=100, color=False), lang="ru",
                rng=random.Random(0), read=lambda prompt: prompts.append(prompt) or next(answers))
    summary = quiz.run([bank.get("mini-open")])
    print_summary(quiz.console, summary, "ru")
    text = out.getvalue()
    assert "Плюсы и минусы RNN · развёрнутый ответ · сложный · mini-open" in text
    assert "Оцените себя: 1 Снова, 2 Трудно, 3 Хорошо, 4 Легко " in prompts
    assert "Итоги" in text and "Отвечено: 2" in text and "→ Снова" in text and "→ Хорошо" in text
    assert not re.search(r"\b(Again|Hard|Good|Easy|open|hard)\b", (text + "".join(prompts)).replace("mini-open", ""))


# --- every number the terminal prints goes through seqprep.i18n -------------------------

TERMINAL_MODULES = ["quiz.py", "render.py", "stats.py", "terminal.py", "kinds/base.py", "kinds/open.py",
                    "kinds/choice.py", "kinds/numeric.py", "kinds/code.py"]
COUNTING = {"len", "sum", "round", "int", "float", "abs", "max", "min"}


def unformatted_numbers(source: str) -> list[str]:
    """f-string fields that format a number themselves (`{len(x)}`, `{a + b}`, `{share:.0%}`,
    `{n:,}`) and `str(len(x))`-style calls: each should be `i18n.number(...)`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FormattedValue):
            value = node.value
            spec = ast.unparse(node.format_spec) if node.format_spec else ""
            if re.search(r"[,_%dfeg]", spec) or isinstance(value, ast.BinOp) or (
                    isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in COUNTING):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id in COUNTING:
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Name) and node.id == "format_number":
            found.append("format_number (use i18n.number)")
    return found


def test_the_scan_finds_numbers_formatted_by_hand():
    source = 'a = f"{len(x)} of {n + 1} ({share:.0%}, {big:,})"\nb = str(sum(y))\nc = f"{i18n.number(n, lang)}"'
    assert sorted(unformatted_numbers(source)) == sorted(["{len(x)}", "{n + 1}", "{share:.0%}", "{big:,}",
                                                          "str(sum(y))"])


@pytest.mark.parametrize("module", TERMINAL_MODULES)
def test_the_terminal_modules_format_numbers_through_i18n(module):
    source = (ROOT / "seqprep" / module).read_text(encoding="utf-8")
    assert unformatted_numbers(source) == [], module


# --- languages that do not exist ----------------------------------------------------------


def test_an_unknown_language_says_which_exist_and_falls_back(cli_env):
    cli_env.update(SEQPREP_LANG="de", SEQPREP_BANK=str(FIXTURE_BANK), LANG="C.UTF-8", LC_ALL="", LC_MESSAGES="")
    result = subprocess.run([SEQPREP, "show", "mini-open"], env=cli_env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stderr.strip().splitlines() == [
        "warning: SEQPREP_LANG='de' is not a language of seqprep (it has: ru, en); using en"]
    assert "Why do gradients vanish in an RNN?" in result.stdout
    cli_env["LANG"] = "ru_RU.UTF-8"
    result = subprocess.run([SEQPREP, "show", "mini-open"], env=cli_env, capture_output=True, text=True, timeout=60)
    assert "using ru" in result.stderr and "Почему градиенты в RNN затухают?" in result.stdout


def test_reset_counts_questions_in_russian(cli_env, tmp_path):
    cli_env["SEQPREP_BANK"] = str(FIXTURE_BANK)
    asked = subprocess.run([SEQPREP, "reset", "--lang", "ru"], input="n\n", env=cli_env, capture_output=True,
                           text=True, timeout=60)
    assert "Забыть прогресс: 3 вопроса (все разделы)?" in asked.stdout
    store = Store()  # SEQPREP_HOME of this test, as the command's
    schedule = Schedule()
    card = schedule.review(schedule.state("mini-open", None), 3, utcnow())
    store.add_review("mini-open", 3, card.to_dict(), at=utcnow())
    store.close()
    done = subprocess.run([SEQPREP, "reset", "--yes", "--lang", "ru"], env=cli_env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "Прогресс забыт: 1 вопрос (все разделы)."
