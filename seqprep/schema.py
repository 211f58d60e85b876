"""The schema layer: field types every kind shares, and one message per problem.

A question is a msgspec `Struct` (see `seqprep.kinds`): validating an entry of
`questions/*.yaml` is one `msgspec.convert` call at C speed, and importing
msgspec costs about a millisecond (pydantic cost ~300 ms here). msgspec stops at
the first problem, so when an entry does not convert, `problems()` walks it
field by field and returns every problem with its dotted path:

    >>> problems({"ru": "  ", "fr": "x"}, Text)
    [(('ru',), 'must not be blank'), (('en',), 'is missing'), (('fr',), 'unknown field')]

`seqprep.bank` turns each of these into `file:line: question 'id': field 'path' …`.
A struct's own check (`__post_init__`, e.g. `TextList`'s equal lengths) runs once
its fields are fine, and its ValueError message becomes the problem of the struct.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Optional, Union, get_args, get_origin

import msgspec
from msgspec import Meta, Struct

from .sections import DIFFICULTIES, KINDS, SECTIONS  # noqa: F401 - re-exported

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REF = r"^answers(?:\.[A-Za-z_][A-Za-z0-9_]*)+$"
IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"
NOT_BLANK = r"\S"
PLACEHOLDER = re.compile(r"\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]")

Slug = Annotated[str, Meta(pattern=SLUG)]
Ref = Annotated[str, Meta(pattern=REF)]
Identifier = Annotated[str, Meta(pattern=IDENTIFIER)]
Prose = Annotated[str, Meta(pattern=NOT_BLANK)]
Section = Literal[tuple(SECTIONS)]  # type: ignore[valid-type]
Difficulty = Literal[DIFFICULTIES]  # type: ignore[valid-type]

PATTERN_MESSAGES = {
    SLUG: "must be a lowercase slug like 'rnn-vanishing'",
    REF: "must be a dotted path into answers/, like 'answers.rnn.rnn_cell'",
    IDENTIFIER: "must be an identifier (letters, digits, _)",
    NOT_BLANK: "must not be blank",
}


class Strict(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every struct of the bank: unknown fields are errors, values are read-only."""


class Text(Strict):
    """A string in both languages: `Text(ru="да", en="yes").get("en") -> "yes"`.

    (The YAML loader strips the strings; no `__post_init__` here keeps decoding
    the cached bank at C speed.)"""

    ru: Prose
    en: Prose

    def get(self, lang: str) -> str:
        return getattr(self, lang)


class TextList(Strict):
    """Parallel lists of strings, one per language, of equal length."""

    ru: Annotated[list[str], Meta(min_length=1)]
    en: Annotated[list[str], Meta(min_length=1)]

    def __post_init__(self) -> None:
        if len(self.ru) != len(self.en):
            raise ValueError(f"has {len(self.ru)} items in ru but {len(self.en)} in en")

    def get(self, lang: str) -> list[str]:
        return getattr(self, lang)


# --- one message per problem ----------------------------------------------------

Path = tuple


def problems(value: Any, tp: Any, path: Path = ()) -> list[tuple[Path, str]]:
    """Every problem of `value` read as type `tp`, as (path, message); [] when it converts."""
    try:
        msgspec.convert(value, tp)
        return []
    except msgspec.ValidationError as exc:
        first = re.sub(r" - at `\$[^`]*`$", "", str(exc))
    base, metas = _unwrap(tp)
    struct = _struct(base)
    if struct is not None and isinstance(value, dict):
        found = _struct_problems(value, struct, path)
        return found or [(path, first)]  # the fields are fine: the struct's own check failed
    origin = get_origin(base)
    if origin is list and isinstance(value, list):
        low = next((m.min_length for m in metas if m.min_length is not None), None)
        if low is not None and len(value) < low:
            return [(path, f"needs at least {low} item{'s' if low > 1 else ''}")]
        (item,) = get_args(base)
        return [p for i, v in enumerate(value) for p in problems(v, item, path + (i,))] or [(path, first)]
    if origin is dict and isinstance(value, dict):
        key_type, item = get_args(base)
        found = [p for k, v in value.items() for p in problems(k, key_type, path + (k,))]
        found += [p for k, v in value.items() for p in problems(v, item, path + (k,))]
        return found or [(path, first)]
    return [(path, _leaf_message(value, base, metas))]


def _struct_problems(value: dict, struct: type, path: Path) -> list[tuple[Path, str]]:
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
    tag_field = struct.__struct_config__.tag_field
    found = []
    for name, info in fields.items():
        if name not in value:
            if info.required:
                found.append((path + (name,), "is missing"))
        else:
            found += problems(value[name], info.type, path + (name,))
    return found + [(path + (key,), "unknown field") for key in value if key not in fields and key != tag_field]


def _unwrap(tp: Any) -> tuple[Any, list]:
    """`Annotated[T, Meta(...)]` -> (T, [Meta, ...]); Optional[T] -> T."""
    metas: list = []
    while True:
        if get_origin(tp) is Annotated:
            tp, *extra = get_args(tp)
            metas += [m for m in extra if isinstance(m, Meta)]
        elif get_origin(tp) is Union and type(None) in get_args(tp) and len(get_args(tp)) == 2:
            tp = next(a for a in get_args(tp) if a is not type(None))
        else:
            return tp, metas


def _struct(tp: Any) -> Optional[type]:
    return tp if isinstance(tp, type) and issubclass(tp, Struct) else None


_NAMES = {str: "text", bool: "true or false", int: "an integer", float: "a number", list: "a list",
          dict: "a mapping"}


def _leaf_message(value: Any, tp: Any, metas: list) -> str:
    if get_origin(tp) is Literal:
        return "must be one of " + ", ".join(map(str, get_args(tp)))
    for meta in metas:
        if meta.pattern is not None and isinstance(value, str):
            return PATTERN_MESSAGES.get(meta.pattern, f"must match {meta.pattern!r}")
        if meta.min_length is not None and isinstance(value, (str, list)) and len(value) < meta.min_length:
            return "must not be empty"
    wanted = get_args(tp) if get_origin(tp) is Union else (get_origin(tp) or tp,)
    names = [_NAMES.get(t, "a mapping of fields" if _struct(t) else getattr(t, "__name__", str(t))) for t in wanted]
    got = "null" if value is None else type(value).__name__
    return f"must be {' or '.join(dict.fromkeys(names))}, not {got}"


def message(path: Path, text: str) -> str:
    """`message(("prompt", "en"), "is missing") -> "field 'prompt.en' is missing"`."""
    where = ".".join(map(str, path))
    if text == "unknown field":
        return f"unknown field '{where}'"
    return f"field '{where}' {text}" if where else text


# --- titles ------------------------------------------------------------------------

_COMPUTED = re.compile(r"\{\{.*?\}\}", re.S)
_CODE = re.compile(r"`+([^`]*)`+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_GROUP = re.compile(r"([_^])\{([^{}]*)\}")


_TITLES: dict[tuple[str, int], str] = {}  # (prompt, limit) -> title; the bank cache stores it too


def known_titles() -> dict[str, str]:
    """Every title made so far (at the default limit), by prompt: what the bank cache keeps."""
    return {prompt: title for (prompt, limit), title in _TITLES.items() if limit == 90}


def remember_titles(titles: dict[str, str]) -> None:
    """Titles made by an earlier run (from the bank cache): `list` need not make them again."""
    _TITLES.update(((prompt, 90), title) for prompt, title in titles.items())


def make_title(prompt: str, limit: int = 90) -> str:
    """The prompt's first sentence as plain text, cut at a word boundary.

    Math becomes Unicode (`texmath.plain_math`), code keeps its underscores, no
    `\\`, `{`, `}` or unbalanced bracket is left, placeholders become "…":

        >>> make_title(r"Why is $W_{hh}$ in `rnn_cell(x_t, h_prev)` **shared**? Explain.")
        'Why is W_hh in rnn_cell(x_t, h_prev) shared?'
    """
    title = _TITLES.get((prompt, limit))
    if title is None:
        title = _TITLES[prompt, limit] = _make_title(prompt, limit)
    return title


def _make_title(prompt: str, limit: int) -> str:
    from .texmath import plain_math

    text = _first_sentence((prompt.strip().splitlines() or [""])[0])
    if "[[" in text or "{{" in text:
        text = _COMPUTED.sub("…", PLACEHOLDER.sub("…", text))
    codes: list[str] = []
    if "`" in text:
        text = _CODE.sub(lambda m: codes.append(m.group(1)) or f"\x00{len(codes) - 1}\x00", text)
    if "$" in text:
        text = plain_math(text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(r"\2", _EMPHASIS.sub(r"\2", text))
    text = text.lstrip("#> ")
    if codes:
        text = re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], text)
    if "{" in text:
        text = _plain_groups(text)
    if "\\" in text:
        text = re.sub(r"\\([A-Za-z]+)", r"\1", text).replace("\\", "")
    text = " ".join(text.replace("{", "").replace("}", "").replace("^ᵀ", "ᵀ").split())
    return _cut(text, limit)


_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|т\.\s?е|т\.\s?к|напр|см|др|пр))\.$", re.I)


def _first_sentence(text: str) -> str:
    """Up to the first . ? or ! followed by a space, not counting "e.g." and the like."""
    for match in re.finditer(r"(?<=[.?!])\s", text):
        if not _ABBREVIATION.search(text[: match.start()]):
            return text[: match.start()]
    return text


def _plain_groups(text: str) -> str:
    """`W_{hh}` -> `W_hh`, `d^{2k/d}` -> `d^(2k/d)`, innermost groups first."""
    while True:
        new = _GROUP.sub(lambda m: m.group(1) + (m.group(2) if re.fullmatch(r"\w*", m.group(2))
                                                 else f"({m.group(2)})"), text)
        if new == text:
            return new
        text = new


_BRACKET = re.compile(r"[()\[\]]")


def _drop_unmatched(text: str) -> str:
    """`text` without the brackets that have no partner (each of () and [] on its own)."""
    bad: list[int] = []
    open_at: dict[str, list[int]] = {"(": [], "[": []}
    for match in _BRACKET.finditer(text):
        char, at = match.group(), match.start()
        if char in open_at:
            open_at[char].append(at)
        elif open_at["(" if char == ")" else "["]:
            open_at["(" if char == ")" else "["].pop()
        else:
            bad.append(at)
    bad += open_at["("] + open_at["["]
    for at in sorted(bad, reverse=True):
        text = text[:at] + text[at + 1:]
    return text


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters: stray brackets dropped, cut between words and
    before a bracket the cut would leave open, then "…"."""
    text = _drop_unmatched(text)
    if len(text) <= limit:
        return text
    words = text[:limit].split(" ")
    words = words[:-1] or words
    while len(words) > 1 and _drop_unmatched(" ".join(words)) != " ".join(words):
        words.pop()
    return _drop_unmatched(" ".join(words)).rstrip(" ,;:—–-") + "…"
