"""The project's own text, to train tokenizers on without downloading anything.

`project_corpus(lang)` collects, as a list of sentences:

* every text of the question bank (`questions/*.yaml`): each `{ru, en}`
  text of a question (prompts, answers, key points, hints, whatever a kind
  adds, such as option texts and their explanations), with the
  `{{ answers.f(...) }}` and `[[name]]` placeholders removed;
* the site's Markdown pages (`site/**/*.md`) when the directory exists, with
  front matter and fenced code removed; `*.en.md` pages are English, the
  other `*.md` Russian; pages generated at build time (`bank/`, `assets/`,
  `tasks*.md`) are skipped because they repeat the bank;
* with `include_own_text=True` (the default), the prose in `answers/data/own_text_{ru,en}.txt`,
  written for this project, so the experiments have enough text while the
  bank is small.

`lang` is "ru", "en" or None (both). Text is split into blocks (paragraphs,
list items, headings) and blocks into sentences; exact duplicates are kept
once. Files that cannot be read or parsed are skipped: the bank is edited
while this runs.

    project_corpus("ru")[:2] -> ["Рекуррентная сеть читает ...", "..."]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator, Optional

import yaml

LANGS = ("ru", "en")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_COMPUTED = re.compile(r"\{\{.*?\}\}", re.S)               # {{ answers.f(x) | .3f }}
_DRAWN = re.compile(r"\[\[[A-Za-z_][A-Za-z0-9_]*\]\]")    # [[d]]
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(\n|\Z)", re.S)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK_START = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\|)")
_MARKER = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_GENERATED = ("bank", "assets")


def _check_lang(lang: Optional[str]) -> tuple[str, ...]:
    if lang is None:
        return LANGS
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)} or None, got {lang!r}")
    return (lang,)


def strip_placeholders(text: str) -> str:
    """`strip_placeholders("p = {{ answers.f(1) | .3f }} at $d=[[d]]$") -> "p =  at $d=$"`."""
    return _DRAWN.sub("", _COMPUTED.sub("", text))


def strip_code(markdown: str) -> str:
    """Drop fenced code blocks (``` or ~~~) and HTML comments."""
    out, fence = [], None
    for line in _HTML_COMMENT.sub("", markdown).splitlines():
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            out.append(line)
    return "\n".join(out)


def blocks(markdown: str) -> Iterator[str]:
    """Paragraphs, list items, headings and table rows, each as one line of text."""
    current: list[str] = []
    for line in markdown.splitlines():
        if not line.strip() or _BLOCK_START.match(line):
            if current:
                yield " ".join(current)
            current = []
        text = _MARKER.sub("", line).strip().strip("|").strip()
        if text:
            current.append(text)
    if current:
        yield " ".join(current)


def split_sentences(markdown: str) -> list[str]:
    """Markdown -> sentences: `split_sentences("# Title\\n\\nOne. Two?")` -> ["Title", "One.", "Two?"]."""
    sentences = []
    for block in blocks(strip_code(markdown)):
        for sentence in _SENTENCE_END.split(re.sub(r"\s+", " ", block)):
            if sentence.strip():
                sentences.append(sentence.strip())
    return sentences


def question_texts(question: dict, langs: tuple[str, ...]) -> Iterator[str]:
    """The prose of one question of the bank, placeholders removed: every text
    in the wanted languages, i.e. every `{ru: ..., en: ...}` mapping (a string or a
    list of strings per language) anywhere in it, in the order it is written.

        question_texts({"prompt": {"ru": "Что?", "en": "What?"},
                        "options": [{"text": {"ru": "да", "en": "yes"}}]}, ("en",)) -> "What?", "yes"
    """
    if isinstance(question, list):
        for item in question:
            yield from question_texts(item, langs)
    elif isinstance(question, dict):
        if set(question) & set(LANGS) and set(question) <= set(LANGS):
            for lang in langs:
                value = question.get(lang)
                for text in [value] if isinstance(value, str) else value if isinstance(value, list) else ():
                    if isinstance(text, str):
                        yield strip_placeholders(text)
            return
        for value in question.values():
            yield from question_texts(value, langs)


def bank_sentences(questions_dir: Path, lang: Optional[str] = None) -> list[str]:
    """Sentences of every question in `questions_dir/*.yaml` (unreadable files skipped)."""
    langs = _check_lang(lang)
    out: list[str] = []
    for path in sorted(Path(questions_dir).glob("*.yaml")):
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        for question in doc if isinstance(doc, list) else ():
            if isinstance(question, dict):
                for text in question_texts(question, langs):
                    out.extend(split_sentences(text))
    return out


def page_lang(path: Path) -> str:
    """`page_lang(Path("rnn.en.md")) -> "en"`, `page_lang(Path("rnn.md")) -> "ru"`."""
    return "en" if path.name.endswith(".en.md") else "ru"


def site_sentences(site_dir: Path, lang: Optional[str] = None) -> list[str]:
    """Sentences of the hand-written Markdown pages under `site_dir`."""
    langs = _check_lang(lang)
    site_dir = Path(site_dir)
    out: list[str] = []
    for path in sorted(site_dir.rglob("*.md")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] in _GENERATED or rel.name.startswith("tasks."):
            continue
        if page_lang(path) not in langs:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        out.extend(split_sentences(strip_placeholders(_FRONT_MATTER.sub("", text))))
    return out


def own_text_dir() -> Path:
    """`answers/data/`, where the project's own prose lives."""
    import importlib.util

    spec = importlib.util.find_spec("answers")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the answers package is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def own_text(lang: Optional[str] = None, data_dir: Optional[Path] = None) -> list[str]:
    """Sentences of `own_text_ru.txt` / `own_text_en.txt` (missing files give nothing)."""
    data_dir = Path(data_dir) if data_dir is not None else own_text_dir()
    out: list[str] = []
    for code in _check_lang(lang):
        path = data_dir / f"own_text_{code}.txt"
        if path.is_file():
            out.extend(split_sentences(path.read_text(encoding="utf-8")))
    return out


def _default_site_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "site"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def project_corpus(lang: Optional[str] = None, questions_dir: Optional[Path] = None,
                   site_dir: Optional[Path] = None, data_dir: Optional[Path] = None,
                   include_own_text: bool = True) -> list[str]:
    """Sentences of the bank, the site pages and (with `include_own_text`)
    answers/data, deduplicated, in that order.

    The directories default to the bank (`seqprep.bank.default_bank_dir()`),
    the checkout's `site/` and `answers/data/`; a directory that does not
    exist contributes nothing.
    """
    _check_lang(lang)
    if questions_dir is None:
        from .bank import default_bank_dir

        questions_dir = default_bank_dir()
    site_dir = Path(site_dir) if site_dir is not None else _default_site_dir()
    sentences: list[str] = []
    if Path(questions_dir).is_dir():
        sentences += bank_sentences(Path(questions_dir), lang)
    if site_dir.is_dir():
        sentences += site_sentences(site_dir, lang)
    if include_own_text:
        try:
            sentences += own_text(lang, data_dir)
        except FileNotFoundError:
            pass
    return _unique(sentences)
