"""The worked examples in the docstrings of the pure-Python answers are true.

Docstrings there show `call(...) -> value`; each such example whose value is a
Python literal is evaluated here (rounded values are compared to their digits).
"""

from __future__ import annotations

import ast
import inspect
import re

import pytest

import answers.closed_form
import answers.complexity

EXAMPLE = re.compile(r"`([a-z_]+\([^`]*\)) -> ([^`]+)`")


def examples():
    for module in (answers.complexity, answers.closed_form):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            for call, value in EXAMPLE.findall(inspect.getdoc(fn) or ""):
                yield pytest.param(module, call, value, id=f"{module.__name__}.{name}: {call}")


ALL = list(examples())


def test_there_are_many_examples():
    assert len(ALL) >= 20


@pytest.mark.parametrize("module,call,value", ALL)
def test_example(module, call, value):
    text = value.split("(")[0].strip() if "(rounded)" in value or "(about" in value or "(1 GiB" in value \
        else value.strip()
    text = text.rsplit("=", 1)[-1].strip()  # "sin(1) = 0.8415": the number is what counts
    try:
        expected = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        pytest.skip(f"not a literal: {value}")
    got = eval(call, vars(module))  # noqa: S307 - our own docstrings
    if isinstance(expected, float) or isinstance(got, float):
        digits = len(text.split(".")[1]) if "." in text else 0
        assert got == pytest.approx(expected, abs=0.6 * 10 ** -digits) if digits else got == expected
    else:
        assert got == expected
