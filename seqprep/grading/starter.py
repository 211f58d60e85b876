"""`seqprep start TASK`: the starter file a candidate fills in.

    # seqprep-task: sdpa
    \"\"\"<title>

    <statement>

    Examples (`python -m doctest -v sdpa.py` runs them once your code works):

    >>> ...
    \"\"\"
    <imports and signatures, raising NotImplementedError>
"""

from __future__ import annotations

import ast
from pathlib import Path

from .catalog import Task
from .grader import HEADER

INTRO = {
    "ru": "Примеры (`python -m doctest -v {file}` проверит их, когда код заработает).\n"
          "Отправка на проверку: `seqprep submit {file}`.",
    "en": "Examples (`python -m doctest -v {file}` runs them once your code works).\n"
          "To grade it: `seqprep submit {file}`.",
}


def starter_text(task: Task, lang: str, filename: str) -> str:
    statement = task.statement[lang].rstrip()
    docstring = (f"{task.title[lang]}\n\n{statement}\n\n{INTRO[lang].format(file=filename)}\n\n"
                 f"{task.examples.rstrip()}\n")
    quote = 'r"""' if "\\" in docstring else '"""'
    return f"{HEADER} {task.id}\n{quote}{docstring}\"\"\"\n\n{task.starter.rstrip()}\n"


def write_starter(task: Task, folder: Path, lang: str, force: bool = False) -> Path:
    """Write `<folder>/<task id with _>.py`; refuse to overwrite unless `force`."""
    path = folder / f"{task.id.replace('-', '_')}.py"
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; pass --force to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(starter_text(task, lang, path.name), encoding="utf-8")
    return path


def _definitions(source: str, names) -> dict[str, str]:
    """name -> a dump of its top-level def/class without docstrings or line numbers."""
    tree = ast.parse(source)
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in names:
            for inner in ast.walk(node):
                body = getattr(inner, "body", None)
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body and \
                        isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and \
                        isinstance(body[0].value.value, str):
                    inner.body = body[1:] or [ast.Pass()]
            found[node.name] = ast.dump(node, include_attributes=False)
    return found


def is_untouched(source: str, task: Task) -> bool:
    """True when every name the task asks for is still defined exactly as in the starter.

    >>> from seqprep.grading.catalog import get_task
    >>> is_untouched(get_task("softmax").starter, get_task("softmax"))
    True
    """
    try:
        mine = _definitions(source, task.names)
    except SyntaxError:
        return False
    return bool(mine) and mine == _definitions(task.starter, task.names)
