"""`seqprep export anki OUT.apkg`: the bank as Anki notes, one deck per section under
one parent deck per language (`seqprep::en::RNN complexity`, `seqprep::ru::Сложность RNN`).

* A note is the question's own Markdown (`Question.question_md` on the front,
  `answer_md` on the back), the same text `show` prints and the site shows,
  for the fixed variant: a numeric question with its first parameter values
  and the value the reference code computes for them; a choice question with
  its options as one numbered list on the front and the verdict and reason
  for each as another list on the back.
* Math goes to Anki's MathJax delimiters: `$x$` -> `\\(x\\)`, `$$x$$` -> `\\[x\\]`;
  Markdown becomes HTML with the math protected from it. Markup in the text is
  text: `<s>` is shown as `<s>`, never read as an HTML tag (the Markdown reader
  has no raw-HTML rules).
* Ids are stable: a note's guid, the note type's and each deck's id are derived
  from the question id, the section and the language, so importing a newer
  export updates notes instead of duplicating them, and importing the same
  one again adds nothing.
* The folder of OUT must exist; it is not created.

tests/test_anki.py imports the package into a fresh collection with Anki's own
backend (the `anki` package) and renders every card.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from typing import Iterable

from .bank import Bank
from .sections import SECTIONS, section_title

_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)


class ExportError(Exception):
    """The export cannot be written where asked (one line for the user)."""


def _stable_id(text: str) -> int:
    """Anki note type and deck ids: stable 31-bit positive integers."""
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16) & 0x7FFFFFFF | 1 << 30


def deck_name(section: str, lang: str) -> str:
    """`deck_name("rnn-complexity", "en") -> "seqprep::en::RNN complexity"`."""
    return f"seqprep::{lang}::{section_title(section, lang)}"


def _markdown():
    """Python-Markdown without its raw-HTML rules: `<s>` in the bank's text is text."""
    import markdown

    md = markdown.Markdown(extensions=["fenced_code", "tables"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def to_html(markdown_text: str) -> str:
    """Markdown with LaTeX -> HTML with Anki's `\\( \\)` / `\\[ \\]` math.

    `to_html("a $x_1$ and <s>") -> "<p>a \\\\(x_1\\\\) and &lt;s&gt;</p>"`: the underscore
    is not read as emphasis, and `<s>` is not a tag.
    """
    stash: list[str] = []

    def keep(match: re.Match) -> str:
        block, inline = match.group(1), match.group(2)
        stash.append(f"\\[{html.escape(block.strip(), quote=False)}\\]" if block is not None
                     else f"\\({html.escape(inline, quote=False)}\\)")
        return f"\x00{len(stash) - 1}\x00"

    protected = _MATH.sub(keep, markdown_text)
    rendered = _markdown().convert(protected)
    return re.sub(r"\x00(\d+)\x00", lambda m: stash[int(m.group(1))], rendered)


def export_anki(bank: Bank, out: Path, langs: Iterable[str]) -> int:
    """Write the .apkg with the notes of each language in `langs`; returns the number of notes."""
    import genanki

    langs = [langs] if isinstance(langs, str) else list(langs)
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: the folder {out.parent} does not exist")
    model = genanki.Model(
        _stable_id("seqprep-model-v1"), "seqprep",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Id"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
    )
    decks = []
    count = 0
    for lang in langs:
        for section in SECTIONS:
            questions = bank.select([section])
            if not questions:
                continue
            deck = genanki.Deck(_stable_id(f"seqprep-deck-{section}-{lang}"), deck_name(section, lang))
            for q in questions:
                deck.add_note(genanki.Note(
                    model=model,
                    fields=[to_html(q.question_md(lang)), to_html(q.answer_md(lang)), q.id],
                    guid=genanki.guid_for("seqprep", q.id, lang),
                    tags=[section, lang] + [t.replace(" ", "_") for t in q.tags],
                ))
                count += 1
            decks.append(deck)
    try:
        genanki.Package(decks).write_to_file(str(out))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    return count
