"""Helpers for the tests of the newer pure-Python answers modules.

`bank_combos(function)` lists every parameter combination that a numeric question
of the bank can draw for that compute function, so a module's test checks the
function against its independent reference on exactly what the quiz asks.
`docstring_examples(module)` yields the `call(...) -> value` examples of a
module's docstrings, evaluated like tests/answers/test_docstring_examples.py.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"

EXAMPLE = re.compile(r"`([a-z_0-9]+\([^`]*\)(?:\[[^`\]]+\])?) -> ([^`]+)`")


@lru_cache(maxsize=1)
def _numeric_questions() -> tuple[dict, ...]:
    """The bank's numeric questions as plain YAML (independent of the tool's schema code)."""
    found = []
    for path in sorted(QUESTIONS.glob("*.yaml")):
        found += [q for q in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
                  if q.get("kind") == "numeric"]
    return tuple(found)


def bank_combos(function) -> list[dict]:
    """Every params dict the bank's numeric questions on `function` can draw."""
    dotted = f"{function.__module__}.{function.__name__}"
    combos = []
    for q in _numeric_questions():
        if q["compute"] == dotted:
            params = q.get("params") or {}
            names = list(params)
            combos += [dict(zip(names, values)) for values in itertools.product(*(params[n] for n in names))]
    return combos


def docstring_examples(module) -> list[tuple[str, str]]:
    """(call, value) pairs from the docstrings of the module's functions."""
    pairs = []
    for _, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ == module.__name__:
            pairs += EXAMPLE.findall(inspect.getdoc(fn) or "")
    return pairs


def check_example(module, call: str, value: str) -> None:
    """Evaluate `call` in the module and compare with the literal `value`; a float
    matches to the digits it is written with (`54410.1`, `8.4e+22`)."""
    text = value.strip()
    expected = ast.literal_eval(text)
    got = eval(call, vars(module))  # noqa: S307 - our own docstrings
    if isinstance(expected, float):
        last_digit = Decimal(text).as_tuple().exponent
        assert abs(got - expected) <= 0.6 * 10.0 ** last_digit, (call, got, expected)
    else:
        assert got == expected, (call, got, expected)
