"""The coding tasks' public side: statements, starters and examples.

Each task is one YAML file in `tasks/`, named by its id. Reading the catalog
needs no torch, so the bank can check `code` questions against it cheaply.
"""

from __future__ import annotations

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


@lru_cache(maxsize=None)
def task_ids() -> frozenset:
    return frozenset(p.stem for p in TASKS_DIR.glob("*.yaml"))


@lru_cache(maxsize=None)
def get_task(task_id: str) -> Task:
    path = TASKS_DIR / f"{task_id}.yaml"
    if not path.is_file():
        raise KeyError(task_id)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return Task(
        id=task_id,
        title=data["title"],
        statement=data["statement"],
        starter=data["starter"],
        examples=data.get("examples", ""),
        names=tuple(data["names"]),
        forbidden=tuple(data.get("forbidden", ())),
        timeout_s=float(data.get("timeout_s", 20.0)),
        memory_mb=int(data.get("memory_mb", 2048)),
    )


def all_tasks() -> list[Task]:
    return [get_task(t) for t in sorted(task_ids())]
