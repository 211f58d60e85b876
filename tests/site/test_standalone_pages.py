"""Section pages stand on their own (review P10, P9): the explanation never argues with notes the reader
cannot see; what the notes say is quoted and judged in one admonition per page, inside
`<div id="notes" markdown>`; English pages show Russian only as marked examples («…»). Reads the Markdown
sources, no build."""

from __future__ import annotations

import re

import pytest

from paths import ROOT
from seqprep.sections import SECTIONS

SITE = ROOT / "site"
TITLE = {"ru": "Что сказано в конспекте", "en": "What the notes say"}
NOTES_WORD = {"ru": re.compile(r"конспект", re.I),
              "en": re.compile(r"\bthe notes\b|\bnotes'|\bsource notes\b", re.I)}
NOTES_DIV = re.compile(r'<div id="notes" markdown>\n\n(!!! quote "(?P<title>[^"]+)"\n(?:(?:    .*)?\n)*)\n</div>\n')
ITEM = re.compile(r"^    - (.*?)(?=^    - |\Z)", re.M | re.S)
OPEN_QUOTE = {"ru": "*«", "en": '*"'}


def source(section: str, lang: str) -> str:
    return (SITE / f"{section}{'.en' if lang == 'en' else ''}.md").read_text(encoding="utf-8")


def split_notes(text: str) -> tuple[str, list[re.Match]]:
    """The page without its notes block, and the notes blocks found."""
    blocks = list(NOTES_DIV.finditer(text))
    return NOTES_DIV.sub("", text), blocks


def notes_mentions(body: str, lang: str) -> list[str]:
    return [body[max(0, m.start() - 40):m.end() + 40] for m in NOTES_WORD[lang].finditer(body)]


def prose(text: str) -> str:
    """What a reader reads as text: no fenced or inline code, placeholders or math."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", "", text, flags=re.S)


def unmarked_cyrillic(text: str) -> list[str]:
    """Cyrillic words of an English text that are not inside «…»."""
    text = re.sub(r"«[^»]*»", "", prose(text))
    return [text[max(0, m.start() - 30):m.end() + 10] for m in re.finditer(r"[а-яё]+", text, re.I)]


@pytest.mark.parametrize("text, lang, found", [
    ("Как пишет конспект, это так.", "ru", True), ("В конспекте сказано иначе.", "ru", True),
    ("Это так.", "ru", False), ("The notes say so.", "en", True), ("The notes' example.", "en", True),
    ("Footnotes and notes are fine.", "en", False),
])
def test_the_scan_finds_notes_commentary(text, lang, found):
    assert bool(notes_mentions(text, lang)) == found


@pytest.mark.parametrize("text, found", [
    ("The word «пиццу» (pizza).", False), ("The word пиццу.", True),
    ("Code `пиццу` and math $\\text{й}$ are not prose.", False),
])
def test_the_scan_finds_unmarked_russian(text, found):
    assert bool(unmarked_cyrillic(text)) == found


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("section", list(SECTIONS))
def test_the_page_mentions_the_notes_only_in_its_notes_admonition(section, lang):
    body, blocks = split_notes(source(section, lang))
    assert len(blocks) <= 1, "one notes admonition per page"
    assert not re.search(r'^!!! quote "' + TITLE[lang], body, re.M), "the notes admonition sits in <div id=notes>"
    assert not notes_mentions(body, lang), f"commentary on the notes outside the admonition: {notes_mentions(body, lang)}"
    for block in blocks:
        assert block["title"] == TITLE[lang]


@pytest.mark.parametrize("section", list(SECTIONS))
def test_the_notes_admonition_quotes_then_judges_in_both_languages(section):
    items = {}
    for lang in ("ru", "en"):
        _, blocks = split_notes(source(section, lang))
        items[lang] = [m.group(1) for block in blocks for m in ITEM.finditer(block.group(1))]
        for item in items[lang]:
            if item.startswith(("Чего в конспекте нет", "What the notes leave out")):
                continue
            assert item.startswith(OPEN_QUOTE[lang]), f"an item opens with the quote: {item[:80]}"
            assert re.search(r"\s—\s+\*\*[^*]+\*\*", item), f"a verdict in bold after the quote: {item[:80]}"
    assert len(items["ru"]) == len(items["en"]), "the English page translates every quoted item"


def test_links_to_claims_and_to_notes_blocks_resolve():
    from seqprep.site.claims import CLAIMS

    claim_ids = {c.id for c in CLAIMS}
    with_notes = {s for s in SECTIONS if split_notes(source(s, "ru"))[1]}
    for section in SECTIONS:
        for lang in ("ru", "en"):
            text = source(section, lang)
            for target in re.findall(r"\]\(claims\.md#([\w-]+)\)", text):
                assert target in claim_ids, f"{section} [{lang}] links to a claim that does not exist: #{target}"
            for page in re.findall(r"\]\(([\w-]+)\.md#notes\)", text):
                assert page in with_notes, f"{section} [{lang}] links to {page}#notes, which has no notes block"


@pytest.mark.parametrize("section", list(SECTIONS))
def test_english_pages_show_russian_only_as_marked_examples(section):
    body, _ = split_notes(source(section, "en"))
    assert not unmarked_cyrillic(body), unmarked_cyrillic(body)


def test_the_pizza_softmax_error_is_explained_on_one_page_and_linked_from_the_others():
    """Review P12: one canonical home. Only self-attention works through why the notes' weights
    [0.15, 0.82, 0.03] are wrong (the √d_k = 2 reading); the other pages that mention them link there."""
    explaining = ("scaled_softmax_weight(5.2, 8.7, 2.1",)
    pages = sorted(SITE.glob("*.md"))
    homes = {p.name for p in pages if any(e in p.read_text(encoding="utf-8") for e in explaining)}
    assert homes == {"self-attention.md", "self-attention.en.md"}
    for section in SECTIONS:
        for lang in ("ru", "en"):
            text = source(section, lang)
            if section != "self-attention" and "0.82" in text:
                assert "](self-attention.md#notes)" in text, f"{section} [{lang}] mentions the weights, links nowhere"


EMOJI = re.compile("[\U0001F300-\U0001FAFF]")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_an_emoji_is_named_with_its_code_point(lang):
    """Review P21: the site ships no emoji font, so a reader without one sees a box; every emoji in a
    section page's prose is followed by its code point, which says what the box is. (The bank's own
    text, questions/, is checked where the bank is.)"""
    seen = 0
    for section in SECTIONS:
        text = re.sub(r"\{\{.*?\}\}", "", source(section, lang), flags=re.S)
        for m in EMOJI.finditer(text):
            seen += 1
            after = text[m.end():m.end() + 40]
            assert f"U+{ord(m.group()):04X}" in after, f"{section} [{lang}]: {text[m.start() - 30:m.end() + 40]!r}"
    assert seen >= 2
