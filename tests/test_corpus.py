"""The project's own corpus: what is read from the bank, the site and answers/data."""

import re
from pathlib import Path

import pytest

from seqprep.corpus import (own_text, page_lang, project_corpus, split_sentences,
                            strip_code, strip_placeholders)

QUESTIONS = """\
- id: q-one
  section: tokenizers
  kind: choice
  difficulty: easy
  prompt:
    ru: "Сколько весит {{ answers.complexity.embedding_param_count(V=10, d=2) }} таблица?"
    en: "How large is the {{ answers.complexity.embedding_param_count(V=10, d=2) | , }} table?"
  answer:
    ru: |
      Первое предложение. Второе предложение!

      ```python
      secret_code = 1
      ```
    en: First sentence. Second sentence!
  key_points:
    ru: [пункт один]
    en: [point one]
  hint: {ru: подсказка, en: a hint}
  options:
    - text: {ru: вариант А, en: option A}
      correct: true
      why: {ru: потому что, en: because}
    - text: {ru: вариант Б, en: option B}
- id: q-two
  section: rnn
  kind: numeric
  difficulty: easy
  prompt: {ru: "Возьмите $d = [[d]]$.", en: "Take $d = [[d]]$."}
  answer: {ru: Ответ два., en: Answer two.}
  key_points: {ru: [пункт два], en: [point two]}
"""

PAGE_RU = """\
---
title: Страница
---
# Заголовок

Абзац из двух строк
продолжается здесь. И кончается.

- пункт списка
- ещё пункт

~~~
hidden_code()
~~~
"""

PAGE_EN = "---\ntitle: Page\n---\nAn English page. It has two sentences.\n"


@pytest.fixture
def dirs(tmp_path):
    questions = tmp_path / "questions"
    questions.mkdir()
    (questions / "one.yaml").write_text(QUESTIONS, encoding="utf-8")
    (questions / "broken.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    (questions / "empty.yaml").write_text("", encoding="utf-8")
    site = tmp_path / "site"
    (site / "guide").mkdir(parents=True)
    (site / "guide" / "page.md").write_text(PAGE_RU, encoding="utf-8")
    (site / "guide" / "page.en.md").write_text(PAGE_EN, encoding="utf-8")
    (site / "bank").mkdir()
    (site / "bank" / "generated.md").write_text("Сгенерировано.", encoding="utf-8")
    (site / "tasks.md").write_text("Задачи.", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "own_text_ru.txt").write_text("Своя проза. Ещё фраза.\n", encoding="utf-8")
    (data / "own_text_en.txt").write_text("Own prose here.\n", encoding="utf-8")
    return {"questions_dir": questions, "site_dir": site, "data_dir": data}


def test_russian_corpus(dirs):
    ru = project_corpus("ru", **dirs)
    assert ru == [
        "Сколько весит таблица?",
        "Первое предложение.", "Второе предложение!",
        "пункт один", "подсказка",
        "вариант А", "потому что", "вариант Б",
        "Возьмите $d = $.", "Ответ два.", "пункт два",
        "Заголовок", "Абзац из двух строк продолжается здесь.", "И кончается.",
        "пункт списка", "ещё пункт",
        "Своя проза.", "Ещё фраза.",
    ]


def test_english_corpus(dirs):
    en = project_corpus("en", **dirs)
    assert en[:3] == ["How large is the table?", "First sentence.", "Second sentence!"]
    assert "An English page." in en and "It has two sentences." in en
    assert en[-1] == "Own prose here."
    assert not any(re.search("[а-яё]", s, re.I) for s in en)


def test_both_languages_without_own_text(dirs):
    both = project_corpus(None, include_own_text=False, **dirs)
    assert set(project_corpus("ru", include_own_text=False, **dirs)) <= set(both)
    assert "An English page." in both and "Ответ два." in both
    assert "Своя проза." not in both and "Own prose here." not in both


def test_nothing_leaks_from_code_front_matter_placeholders_or_generated_pages(dirs):
    text = " ".join(project_corpus(**dirs))
    for leaked in ["secret_code", "hidden_code", "title:", "{{", "}}", "[[", "answers.",
                   "Сгенерировано", "Задачи", "unclosed"]:
        assert leaked not in text


def test_missing_directories_give_nothing(tmp_path):
    empty = {"questions_dir": tmp_path / "no", "site_dir": tmp_path / "none",
             "data_dir": tmp_path / "nada"}
    assert project_corpus(**empty) == []


def test_bad_lang():
    with pytest.raises(ValueError):
        project_corpus("de")


def test_helpers():
    assert strip_placeholders("p = {{ answers.f(1) | .3f }} at $d=[[d]]$") == "p =  at $d=$"
    assert strip_code("a\n```py\nx = 1\n```\nb <!-- note -->") == "a\nb "
    assert split_sentences("# Title\n\nOne. Two?\n- item") == ["Title", "One.", "Two?", "item"]
    assert page_lang(Path("x.en.md")) == "en"
    assert page_lang(Path("x.md")) == "ru"


def test_duplicates_kept_once(tmp_path):
    (tmp_path / "a.md").write_text("Same. Same. Other.", encoding="utf-8")
    assert project_corpus("ru", questions_dir=tmp_path / "q", site_dir=tmp_path,
                          include_own_text=False) == ["Same.", "Other."]


def test_real_corpus_has_both_scripts():
    corpus = project_corpus()
    assert len(corpus) > 100
    text = " ".join(corpus)
    assert re.search("[а-яё]", text, re.I) and re.search("[a-z]", text, re.I)
    assert own_text("ru") and own_text("en")
    assert not any(re.search("[а-яё]", s, re.I) for s in own_text("en"))
    ru_sentences = project_corpus("ru")
    assert sum(bool(re.search("[а-яё]", s, re.I)) for s in ru_sentences) > 0.8 * len(ru_sentences)
