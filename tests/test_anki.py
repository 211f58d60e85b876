"""`seqprep export anki`: a deck per section, stable guids, math in Anki's delimiters."""

from __future__ import annotations

import sqlite3
import zipfile

import genanki

from seqprep.anki import export_anki, to_html
from seqprep.bank import load_bank
from seqprep.sections import SECTIONS


def test_markdown_math_becomes_anki_mathjax():
    html = to_html("Scores $q_i k_j$ and $$\\frac{a_1}{b_2}$$ with *emphasis*")
    assert "\\(q_i k_j\\)" in html and "\\[\\frac{a_1}{b_2}\\]" in html
    assert "<em>emphasis</em>" in html and "<em>i" not in html


def test_export_writes_one_note_per_question_in_section_decks(tmp_path):
    bank = load_bank()
    out = tmp_path / "seqprep.apkg"
    assert export_anki(bank, out, "en") == len(bank)
    with zipfile.ZipFile(out) as package:
        package.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    guids = {row[0] for row in db.execute("SELECT guid FROM notes")}
    assert guids == {genanki.guid_for("seqprep", q.id, "en") for q in bank.questions}
    fields = [row[0] for row in db.execute("SELECT flds FROM notes")]
    assert all("$" not in f.replace("\\$", "") for f in fields), "every $...$ became \\( \\) or \\[ \\]"
    assert any("\\(" in f for f in fields)
    import json

    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    names = {d["name"] for d in decks.values()}
    assert sum(name.startswith("seqprep::") for name in names) == len(SECTIONS)


def test_export_is_stable_across_runs(tmp_path):
    bank = load_bank()
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export_anki(bank, first, "ru")
    export_anki(bank, second, "ru")
    read = []
    for path in (first, second):
        with zipfile.ZipFile(path) as package:
            package.extract("collection.anki2", tmp_path / path.stem)
        db = sqlite3.connect(tmp_path / path.stem / "collection.anki2")
        read.append(sorted(db.execute("SELECT guid, flds FROM notes")))
    assert read[0] == read[1]
