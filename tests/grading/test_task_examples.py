"""Every task's public examples (printed as doctests in the starter) hold for its reference,
and the starter itself is valid Python that defines exactly the task's names."""

from __future__ import annotations

import ast
import doctest
from pathlib import Path

import pytest

from seqprep.grading.catalog import all_tasks
from seqprep.grading.starter import starter_text

SOLUTIONS = Path(__file__).parent / "solutions"


@pytest.mark.parametrize("task", all_tasks(), ids=lambda t: t.id)
def test_examples_pass_for_the_reference(task):
    namespace: dict = {}
    source = (SOLUTIONS / task.id / "right_reference.py").read_text(encoding="utf-8")
    exec(compile(source, f"{task.id}/right_reference.py", "exec"), namespace)  # noqa: S102 - our own file
    assert task.examples.strip(), f"{task.id} has no public examples"
    test = doctest.DocTestParser().get_doctest(task.examples, namespace, task.id, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0


@pytest.mark.parametrize("task", all_tasks(), ids=lambda t: t.id)
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_starter_is_valid_python_with_the_contract_names(task, lang):
    text = starter_text(task, lang, f"{task.id}.py")
    tree = ast.parse(text)
    assert text.startswith(f"# seqprep-task: {task.id}\n")
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert defined == set(task.names)
    assert "raise NotImplementedError" in text
    assert task.statement[lang].strip().splitlines()[0] in text
