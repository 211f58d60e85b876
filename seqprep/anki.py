"""`seqprep export anki OUT.apkg`: one Anki deck per section (genanki).

* A note's guid is derived from the question id, so re-importing an updated
  export updates the notes instead of duplicating them.
* Math is converted to Anki's MathJax delimiters: `$x$` -> `\\(x\\)`,
  `$$x$$` -> `\\[x\\]`; Markdown becomes HTML with the math protected from it.
* A note is the question's own Markdown (`Question.question_md` on the front,
  `answer_md` on the back), the same text `show` prints and the site shows,
  for the fixed variant: a numeric question with its first parameter values
  and the value the reference code computes for them.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from .bank import Bank
from .sections import SECTIONS, section_title

_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)


def _stable_id(text: str) -> int:
    """Anki model and deck ids: stable 31-bit positive integers."""
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16) & 0x7FFFFFFF | 1 << 30


def to_html(markdown_text: str) -> str:
    """Markdown with LaTeX -> HTML with Anki's `\\( \\)` / `\\[ \\]` math.

    `to_html("a $x_1$") -> "<p>a \\\\(x_1\\\\)</p>"`: the underscore is not read as emphasis.
    """
    import markdown

    stash: list[str] = []

    def keep(match: re.Match) -> str:
        block, inline = match.group(1), match.group(2)
        stash.append(f"\\[{html.escape(block, quote=False)}\\]" if block is not None
                     else f"\\({html.escape(inline, quote=False)}\\)")
        return f"\x00{len(stash) - 1}\x00"

    protected = _MATH.sub(keep, markdown_text)
    rendered = markdown.markdown(protected, extensions=["fenced_code", "tables"])
    return re.sub(r"\x00(\d+)\x00", lambda m: stash[int(m.group(1))], rendered)


def export_anki(bank: Bank, out: Path, lang: str) -> int:
    """Write the .apkg; returns the number of notes."""
    import genanki

    model = genanki.Model(
        _stable_id("seqprep-model-v1"), "seqprep",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Id"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
    )
    decks = []
    count = 0
    for section in SECTIONS:
        questions = bank.select([section])
        if not questions:
            continue
        deck = genanki.Deck(_stable_id(f"seqprep-deck-{section}-{lang}"),
                            f"seqprep::{section_title(section, lang)}")
        for q in questions:
            deck.add_note(genanki.Note(
                model=model,
                fields=[to_html(q.question_md(lang)), to_html(q.answer_md(lang)), q.id],
                guid=genanki.guid_for("seqprep", q.id, lang),
                tags=[section] + [t.replace(" ", "_") for t in q.tags],
            ))
            count += 1
        decks.append(deck)
    out.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(decks).write_to_file(str(out))
    return count
