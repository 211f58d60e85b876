"""`seqprep export anki`, checked with Anki itself: the package is imported into a fresh
collection by Anki's own backend (the `anki` package, a dev extra), and every card is
rendered by it, in both languages."""

from __future__ import annotations

import html
import re
import subprocess
from html.parser import HTMLParser

import pytest
from anki.collection import Collection, ImportAnkiPackageRequest

from paths import SEQPREP
from seqprep.anki import ExportError, export_anki, to_html
from seqprep.bank import load_bank
from seqprep.sections import SECTIONS

TAGS = {"p", "ol", "ul", "li", "strong", "em", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
        "style", "br", "a", "blockquote", "h1", "h2", "h3", "h4"}


class Parsed(HTMLParser):
    """Tags, text, and the lists of one rendered card."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.lists: list[tuple[str, list[str]]] = []  # (ol|ul, [item text, ...]) in order
        self._open: list[tuple[str, list[str]]] = []
        self._item: list[str] | None = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("ol", "ul"):
            self._open.append((tag, []))
        elif tag == "li":
            self._item = []

    def handle_endtag(self, tag):
        if tag in ("ol", "ul") and self._open:
            self.lists.append(self._open.pop())
        elif tag == "li" and self._item is not None and self._open:
            self._open[-1][1].append("".join(self._item))
            self._item = None

    def handle_data(self, data):
        self.text.append(data)
        if self._item is not None:
            self._item.append(data)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def package(bank, tmp_path_factory):
    out = tmp_path_factory.mktemp("anki") / "seqprep.apkg"
    assert export_anki(bank, out, ["ru", "en"]) == 2 * len(bank)
    return out


def fresh_collection(tmp_path, name="collection.anki2") -> Collection:
    return Collection(str(tmp_path / name))


@pytest.fixture(scope="module")
def imported(package, tmp_path_factory):
    col = fresh_collection(tmp_path_factory.mktemp("col"))
    result = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
    yield col, result
    col.close()


def cards(col: Collection):
    """(question id, language, rendered question, rendered answer, deck name) per card."""
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        lang = "ru" if "ru" in note.tags else "en"
        yield note["Id"], lang, card.question(), card.answer(), col.decks.name(card.did)


def test_anki_imports_one_note_and_one_card_per_question_and_language(bank, imported):
    col, result = imported
    assert len(result.log.new) == 2 * len(bank)
    assert col.note_count() == 2 * len(bank) and col.card_count() == 2 * len(bank)
    titles = {"ru": {s: t["ru"] for s, t in SECTIONS.items()}, "en": {s: t["en"] for s, t in SECTIONS.items()}}
    expected = {"Default", "seqprep", "seqprep::ru", "seqprep::en"} | {
        f"seqprep::{lang}::{title}" for lang in ("ru", "en") for title in titles[lang].values()}
    assert {d.name for d in col.decks.all_names_and_ids()} == expected
    seen = set()
    for qid, lang, _, _, deck in cards(col):
        assert deck == f"seqprep::{lang}::{titles[lang][bank.get(qid).section]}"
        seen.add((qid, lang))
    assert seen == {(q.id, lang) for q in bank.questions for lang in ("ru", "en")}


def test_every_card_renders_with_math_for_mathjax_and_markup_as_text(imported):
    col, _ = imported
    count = 0
    for qid, lang, question, answer, _ in cards(col):
        assert "<hr id=answer>" in answer and answer.startswith(question.split("<hr")[0][:40])
        for side in (question, answer):
            parsed = Parsed(side)
            assert set(parsed.tags) <= TAGS, (qid, lang, set(parsed.tags) - TAGS)
            text = "".join(parsed.text)
            assert not re.search(r"(?<!\\)\$[^$\s][^$]*\$", text), (qid, lang, "raw $…$ math")
            for code in re.findall(r"<code>(.*?)</code>", side, re.S):
                # no TeX in code: a macro (\cdot; not the escape \n) or a braced sub- or superscript
                assert not re.search(r"\\[A-Za-z]{2,}|[_^]\{", html.unescape(code)), (qid, lang, code)
        count += 1
    assert count > 400


def test_angle_bracket_tokens_stay_text(imported):
    col, _ = imported
    checked = 0
    for qid, lang, question, answer, _ in cards(col):
        if qid not in ("spec-sentencepiece-symbols", "spec-roles"):
            continue
        for side in (question, answer):
            parsed = Parsed(side)
            assert "s" not in parsed.tags and "unk" not in parsed.tags
        text = "".join(Parsed(answer).text)
        assert "<s>" in text and "</s>" in text
        checked += 1
    assert checked == 4
    assert to_html("a <s> b </s> and `<unk>`") == "<p>a &lt;s&gt; b &lt;/s&gt; and <code>&lt;unk&gt;</code></p>"


def _words(markdown: str) -> list[str]:
    plain = re.sub(r"\{\{.*?\}\}|\$[^$]*\$", " ", markdown)
    return re.findall(r"[^\W\d_]{4,}", plain)


def test_choice_cards_list_the_options_and_then_each_verdict_with_its_reason(bank, imported):
    col, _ = imported
    choice = {q.id: q for q in bank.questions if q.self_check() and q.self_check().get("mode") == "pick"}
    checked = 0
    for qid, lang, question, answer, _ in cards(col):
        q = choice.get(qid)
        if q is None:
            continue
        front, back = Parsed(question), Parsed(answer.split("<hr id=answer>", 1)[1])
        options = [lst for kind, lst in front.lists if kind == "ol"]
        assert len(options) == 1 and len(options[0]) == len(q.options), qid
        verdicts = [lst for kind, lst in back.lists if len(lst) == len(q.options) and all(
            ("✔" in item) != ("✘" in item) for item in lst)]
        assert len(verdicts) == 1, (qid, back.lists)
        for option, item in zip(q.options, verdicts[0]):
            assert ("✔" in item) == option.correct
            if option.why is not None:
                assert all(word in item for word in _words(option.why.get(lang))), (qid, lang, item)
        checked += 1
    assert checked == 2 * len(choice) and checked > 100


def test_numeric_cards_show_the_formula_as_math(bank, imported):
    col, _ = imported
    numeric = {q.id for q in bank.questions if q.self_check() and q.self_check().get("mode") == "number"}
    checked = 0
    for qid, lang, _, answer, _ in cards(col):
        if qid in numeric:
            label = "Формула" if lang == "ru" else "Formula"
            assert re.search(label + r":</strong> \\\(.+?\\\)", answer), (qid, lang)
            checked += 1
    assert checked == 2 * len(numeric)


def test_importing_again_adds_nothing(bank, package, tmp_path):
    col = fresh_collection(tmp_path)
    try:
        first = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        assert len(first.log.new) == 2 * len(bank)
        decks = {d.name for d in col.decks.all_names_and_ids()}
        again = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        assert len(again.log.new) == 0 and len(again.log.duplicate) == 2 * len(bank)
        fresh = tmp_path / "fresh.apkg"  # a second export of the same bank: the same guids and ids
        export_anki(bank, fresh, ["en"])
        third = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(fresh)))
        assert len(third.log.new) == 0
        assert col.note_count() == 2 * len(bank) and col.card_count() == 2 * len(bank)
        assert {d.name for d in col.decks.all_names_and_ids()} == decks
    finally:
        col.close()


def test_exporting_into_a_missing_folder_is_an_error(bank, tmp_path, cli_env):
    target = tmp_path / "no" / "such" / "folder" / "out.apkg"
    with pytest.raises(ExportError, match="does not exist"):
        export_anki(bank, target, ["en"])
    assert not (tmp_path / "no").exists()
    result = subprocess.run([SEQPREP, "export", "anki", str(target)], env=cli_env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and not (tmp_path / "no").exists()
    assert result.stderr.strip().splitlines() == [f"error: cannot write {target}: the folder {target.parent} "
                                                  "does not exist"]
