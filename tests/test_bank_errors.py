"""A broken bank gets one clear line per problem: file, line, question, field."""

from __future__ import annotations

import subprocess
import textwrap

import pytest

from paths import SEQPREP
from seqprep.bank import BankError, load_bank

GOOD = """\
- id: good-one
  section: rnn-basics
  kind: open
  difficulty: easy
  prompt: {ru: Что такое RNN?, en: What is an RNN?}
  answer: {ru: Рекуррентная сеть., en: A recurrent network.}
  key_points: {ru: [скрытое состояние], en: [hidden state]}
"""


def problems_for(tmp_path, text: str, name: str = "rnn.yaml") -> list[str]:
    bank = tmp_path / "questions"
    bank.mkdir(exist_ok=True)
    (bank / name).write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(bank)
    return info.value.problems


def test_good_bank_loads(tmp_path):
    bank = tmp_path / "questions"
    bank.mkdir()
    (bank / "rnn.yaml").write_text(GOOD, encoding="utf-8")
    loaded = load_bank(bank)
    assert [q.id for q in loaded.questions] == ["good-one"]
    assert loaded.where["good-one"] == ("questions/rnn.yaml", 1)


def test_bad_yaml_syntax_names_file_and_line(tmp_path):
    text = GOOD + "- id: broken\n  prompt: {ru: [unclosed\n"
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:10: invalid YAML: did not find expected ',' or ']'"]
    text = GOOD + "- id: tabbed\n\tsection: rnn-basics\n"
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:9: invalid YAML: found a tab character that violates indentation"]


def test_unknown_kind(tmp_path):
    text = GOOD.replace("kind: open", "kind: essay")
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:3: question 'good-one': field 'kind' must be one of open, choice, numeric, code"
    ]


def test_duplicate_id_points_at_the_first(tmp_path):
    text = GOOD + GOOD
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:8: question 'good-one': duplicate id (first defined at questions/rnn.yaml:1)"
    ]


def test_dangling_follow_up(tmp_path):
    text = GOOD + "  follow_ups: [no-such-question]\n"
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:8: question 'good-one': field 'follow_ups' refers to unknown question 'no-such-question'"
    ]


def test_numeric_ref_to_missing_function(tmp_path):
    text = """\
    - id: params
      section: rnn-complexity
      kind: numeric
      difficulty: easy
      prompt: {ru: "d=[[d]]?", en: "d=[[d]]?"}
      answer: {ru: ответ, en: answer}
      key_points: {ru: [пункт], en: [point]}
      compute: answers.complexity.no_such_function
      params: {d: [1, 2]}
      tolerance: {rel: 0.01}
      formula: d
    """
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:8: question 'params': field 'compute' refers to "
        "'answers.complexity.no_such_function', which answers/complexity.py does not define"
    ]


def test_numeric_params_must_match_the_function(tmp_path):
    text = """\
    - id: params
      section: rnn-complexity
      kind: numeric
      difficulty: easy
      prompt: {ru: "d=[[d]]?", en: "d=[[d]]?"}
      answer: {ru: ответ, en: answer}
      key_points: {ru: [пункт], en: [point]}
      compute: answers.complexity.embedding_param_count
      params: {d: [1, 2], width: [3]}
      tolerance: {rel: 0.01}
      formula: V d
    """
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:8: question 'params': field 'compute' refers to "
        "'answers.complexity.embedding_param_count', which takes no parameter 'width'"
    ]


def test_missing_english(tmp_path):
    text = GOOD.replace("prompt: {ru: Что такое RNN?, en: What is an RNN?}", "prompt: {ru: Что такое RNN?}")
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:5: question 'good-one': field 'prompt.en' is missing"
    ]


def test_several_problems_are_all_reported(tmp_path):
    text = GOOD.replace("section: rnn-basics", "section: rnn-basic").replace("difficulty: easy", "difficulty: trivial")
    text += "  colour: blue\n"
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:2: question 'good-one': field 'section' must be one of " + ", ".join(
            ["rnn-basics", "rnn-pros-cons", "rnn-complexity", "transformer-vs-rnn", "contextual-embeddings",
             "preprocessing", "tokenizer-types", "tokenizer-extension", "embedding-matrix", "special-tokens",
             "vocab-size", "self-attention", "self-attention-architecture", "self-attention-from-scratch"]),
        "questions/rnn.yaml:4: question 'good-one': field 'difficulty' must be one of easy, medium, hard",
        "questions/rnn.yaml:8: question 'good-one': unknown field 'colour'",
    ]


def test_key_points_must_pair_up(tmp_path):
    text = GOOD.replace("en: [hidden state]", "en: [hidden state, recurrence]")
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:7: question 'good-one': field 'key_points' has 1 items in ru but 2 in en"
    ]


def test_choice_needs_a_correct_option(tmp_path):
    text = GOOD.replace("kind: open", "kind: choice") + (
        "  options:\n"
        "    - text: {ru: а, en: a}\n"
        "    - text: {ru: б, en: b}\n")
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:8: question 'good-one': field 'options' needs at least one option with correct: true"
    ]


def test_unknown_placeholder_function_and_task(tmp_path):
    text = GOOD.replace("answer: {ru: Рекуррентная сеть., en: A recurrent network.}",
                        "answer: {ru: '{{ answers.closed_form.nope(1) }}', en: x}")
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:6: question 'good-one': field 'answer' (answer.ru) has a placeholder that "
        "refers to 'answers.closed_form.nope', which answers/closed_form.py does not define"
    ]
    text = GOOD.replace("kind: open", "kind: code") + "  task: no-such-task\n"
    (problem,) = problems_for(tmp_path, text)
    assert problem.startswith("questions/rnn.yaml:8: question 'good-one': field 'task' names unknown coding task 'no-such-task'")


def test_refs_are_checked_without_importing(tmp_path):
    text = GOOD + "  refs: [answers.complexity.rnn_param_count, answers.nowhere.f]\n"
    assert problems_for(tmp_path, text) == [
        "questions/rnn.yaml:8: question 'good-one': field 'refs' refers to 'answers.nowhere.f', "
        "but there is no such module in answers/"
    ]


def test_top_level_must_be_a_list(tmp_path):
    assert problems_for(tmp_path, "id: x\n") == ["questions/rnn.yaml:1: expected a list of questions at the top level"]


def test_check_command_prints_lines_not_tracebacks(tmp_path, cli_env):
    bank = tmp_path / "questions"
    bank.mkdir()
    (bank / "rnn.yaml").write_text(GOOD.replace("kind: open", "kind: essay"), encoding="utf-8")
    cli_env["SEQPREP_BANK"] = str(bank)
    for command in (["check"], ["list"], ["quiz"]):
        result = subprocess.run([SEQPREP, *command], env=cli_env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, command
        assert result.stderr.strip() == (
            "questions/rnn.yaml:3: question 'good-one': field 'kind' must be one of open, choice, numeric, code")
        assert "Traceback" not in result.stderr + result.stdout
