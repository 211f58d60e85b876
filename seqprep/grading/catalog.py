"""The coding tasks' public side: statements, starters and examples.

Each task is one YAML file in `tasks/`, named by its id. Reading the catalog
needs no torch, so the bank can check `code` questions against it cheaply.

Every statement ends with a paragraph generated here from the task's
metadata (`rules`): the libraries a submission may use (torch, numpy and
whatever the starter imports) and the APIs its `forbidden:` list names.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TASKS_DIR = Path(__file__).resolve().parent / "tasks"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Task:
    id: str
    title: dict            # {"ru": ..., "en": ...}
    statement: dict        # {"ru": ..., "en": ...}, Markdown
    starter: str           # imports and signatures, bodies raising NotImplementedError
    examples: str          # doctest lines (">>> ...") shown in the starter
    names: tuple           # the names the file must define
    forbidden: tuple = ()  # dotted APIs a submission may not call
    timeout_s: float = 20.0
    memory_mb: int = 2048

    @property
    def libraries(self) -> tuple:
        """torch and numpy, plus every non-standard module the starter imports."""
        return libraries(self.starter)


DEFAULT_LIBRARIES = ("torch", "numpy")
RULES = {
    "ru": {"libraries": "Можно пользоваться стандартной библиотекой Python, а также {libs}.",
           "forbidden": "Нельзя вызывать {apis}: проверка находит их в исходном коде и перехватывает при запуске.",
           "nothing": "Запрещённых функций в этой задаче нет.", "and": " и "},
    "en": {"libraries": "You may use the Python standard library, {libs}.",
           "forbidden": "Do not call {apis}: the grader finds them in your source and traps them at run time.",
           "nothing": "No library function is forbidden in this task.", "and": " and "},
}


def libraries(starter: str) -> tuple:
    """The libraries a submission may import besides the standard library.

    >>> libraries("import sentencepiece as spm\\nimport math")
    ('torch', 'numpy', 'sentencepiece')
    """
    found = []
    for node in ast.walk(ast.parse(starter)):
        if isinstance(node, ast.Import):
            found += [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module.split(".")[0])
    extra = sorted({m for m in found if m not in sys.stdlib_module_names and m not in DEFAULT_LIBRARIES})
    return DEFAULT_LIBRARIES + tuple(extra)


def rules(lang: str, libs: tuple, forbidden: tuple) -> str:
    """The generated last paragraph of a statement."""
    text = RULES[lang]
    names = [f"`{x}`" for x in libs]
    joined = ", ".join(names[:-1]) + text["and"] + names[-1] if len(names) > 1 else names[0]
    first = text["libraries"].format(libs=joined)
    second = text["forbidden"].format(apis=", ".join(f"`{x}`" for x in forbidden)) if forbidden else text["nothing"]
    return f"{first} {second}"


@lru_cache(maxsize=None)
def task_ids() -> frozenset:
    return frozenset(p.stem for p in TASKS_DIR.glob("*.yaml"))


@lru_cache(maxsize=None)
def get_task(task_id: str) -> Task:
    path = TASKS_DIR / f"{task_id}.yaml"
    if not path.is_file():
        raise KeyError(task_id)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    forbidden = tuple(data.get("forbidden", ()))
    libs = libraries(data["starter"])
    statement = {lang: text.rstrip() + "\n\n" + rules(lang, libs, forbidden) + "\n"
                 for lang, text in data["statement"].items()}
    return Task(
        id=task_id,
        title=data["title"],
        statement=statement,
        starter=data["starter"],
        examples=data.get("examples", ""),
        names=tuple(data["names"]),
        forbidden=forbidden,
        timeout_s=float(data.get("timeout_s", 20.0)),
        memory_mb=int(data.get("memory_mb", 2048)),
    )


def all_tasks() -> list[Task]:
    return [get_task(t) for t in sorted(task_ids())]
