"""The kinds of question, one module each; the interface is `base.Question`.

    open      answered in one's own words, self-rated          open.py
    choice    pick the correct option(s), graded               choice.py
    numeric   a number computed by answers/, graded            numeric.py
    code      a coding task of `seqprep start`, self-rated      code.py

The registration is the list of names in `seqprep.sections.KINDS` (kept there
so that the command line can offer `--kind` without importing anything):
each name is a module of this package that defines its `Question` subclass
with `kind = "<name>"`. Adding a kind is one module here plus its name there.

    >>> from seqprep.kinds import KINDS, parse
    >>> KINDS["choice"].__name__
    'ChoiceQuestion'
"""

from __future__ import annotations

import importlib
from typing import Any, Union

import msgspec

from ..schema import message, problems
from ..sections import KINDS as NAMES
from .base import LABELS, Outcome, Question, Terminal  # noqa: F401 - the interface


def _registered(name: str) -> type[Question]:
    module = importlib.import_module(f"{__name__}.{name}")
    (cls,) = [v for v in vars(module).values()
              if isinstance(v, type) and issubclass(v, Question) and v.kind == name]
    return cls


KINDS: dict[str, type[Question]] = {name: _registered(name) for name in NAMES}
AnyQuestion = Union[tuple(KINDS.values())]  # the tagged union msgspec decodes: `kind` picks the struct


def parse(raw: dict[str, Any]) -> Question:
    """One question from its YAML mapping; ValueError lists every problem.

        parse({"kind": "open", "id": "x", ...}) -> OpenQuestion(id='x', ...)
    """
    cls = KINDS.get(raw.get("kind"))
    if cls is None:
        raise ValueError(f"field 'kind' must be one of {', '.join(KINDS)}")
    try:
        question = msgspec.convert(raw, cls)
    except msgspec.ValidationError:
        raise ValueError("\n".join(message(path, text) for path, text in problems(raw, cls))) from None
    found = [message((field,), text) for field, text in question.problems()]
    if found:
        raise ValueError("\n".join(found))
    return question
