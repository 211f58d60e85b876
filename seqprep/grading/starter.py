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
