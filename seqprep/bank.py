"""Load and validate the question bank (`questions/*.yaml`).

Every problem becomes one line that names the file, the line, the question
and the field, e.g.

    questions/rnn.yaml:42: question 'rnn-vanishing': field 'kind' must be one of open, choice, numeric, code

`load_bank` collects all such lines and raises `BankError` with them; it never
lets a traceback from YAML or pydantic reach the user. Nothing here imports
torch or numpy: references into `answers/` are checked by reading the source.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from pydantic import ValidationError

from . import computed
from .schema import KINDS, MODELS, NumericQuestion, Question
from .yamlio import LineDict, YamlSyntaxError, load_with_lines


class BankError(Exception):
    """The bank is invalid; `problems` holds one message per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Bank:
    questions: list[Question]
    where: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (file, line)

    def __post_init__(self) -> None:
        self.by_id = {q.id: q for q in self.questions}

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, qid: str) -> Optional[Question]:
        return self.by_id.get(qid)

    def select(self, sections: Iterable[str] = (), kind: Optional[str] = None) -> list[Question]:
        wanted = set(sections)
        return [q for q in self.questions
                if (not wanted or q.section in wanted) and (kind is None or q.kind == kind)]


def default_bank_dir() -> Path:
    """The bank shipped in the wheel, or `questions/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "questions"
    return packaged if packaged.is_dir() else here.parent / "questions"


def load_bank(directory: Optional[Path] = None) -> Bank:
    directory = Path(directory) if directory else default_bank_dir()
    files = sorted(directory.glob("*.yaml"))
    problems: list[str] = []
    if not files:
        raise BankError([f"{directory}: no questions/*.yaml files found"])
    questions: list[Question] = []
    where: dict[str, tuple[str, int]] = {}
    lines_of: dict[str, LineDict] = {}
    for path in files:
        label = f"{directory.name}/{path.name}"
        for raw, problem in _read_entries(path, label):
            if problem:
                problems.append(problem)
                continue
            qid = raw.get("id") if isinstance(raw.get("id"), str) else None
            prefix = f"{label}:{raw.line}: question '{qid or '?'}'"
            question = _validate(raw, prefix, problems)
            if question is None:
                continue
            if question.id in where:
                first_file, first_line = where[question.id]
                problems.append(f"{label}:{raw.line}: question '{question.id}': duplicate id "
                                f"(first defined at {first_file}:{first_line})")
                continue
            where[question.id] = (label, raw.line)
            lines_of[question.id] = raw
            questions.append(question)
    for q in questions:
        problems.extend(_cross_check(q, where, lines_of[q.id]))
    if problems:
        raise BankError(problems)
    return Bank(questions, where)


def _read_entries(path: Path, label: str):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield None, f"{label}:1: cannot read file: {exc}"
        return
    try:
        doc = load_with_lines(text)
    except YamlSyntaxError as exc:
        yield None, f"{label}:{exc.line}: {exc.problem}"
        return
    if doc is None:
        return
    if not isinstance(doc, list):
        yield None, f"{label}:1: expected a list of questions at the top level"
        return
    for index, raw in enumerate(doc):
        if not isinstance(raw, LineDict):
            yield None, f"{label}: entry {index + 1} is not a mapping of question fields"
            continue
        yield raw, None


def _validate(raw: LineDict, prefix: str, problems: list[str]) -> Optional[Question]:
    kind = raw.get("kind")
    if kind not in KINDS:
        line = raw.line_of("kind")
        what = "is missing" if kind is None else f"must be one of {', '.join(KINDS)}"
        problems.append(_relined(prefix, line) + f": field 'kind' {what}")
        return None
    try:
        return MODELS[kind].model_validate(dict(raw))
    except ValidationError as exc:
        for err in exc.errors():
            line = _line_for(raw, err["loc"])
            problems.append(_relined(prefix, line) + ": " + _describe(err))
        return None


def _relined(prefix: str, line: int) -> str:
    """Swap the question's line in `file:line: question 'x'` for a field's line."""
    return re.sub(r":\d+: question", f":{line}: question", prefix, count=1)


def _line_for(raw: LineDict, loc: tuple) -> int:
    node, line = raw, raw.line
    for key in loc:
        if isinstance(node, LineDict):
            line = node.line_of(key) if key in node else node.line
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
            if isinstance(node, LineDict):
                line = node.line
        else:
            break
    return line


def _describe(err: dict) -> str:
    loc = ".".join(str(part) for part in err["loc"])
    kind = err["type"]
    if kind == "missing":
        return f"field '{loc}' is missing"
    if kind == "extra_forbidden":
        return f"unknown field '{loc}'"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        return f"field '{loc}' must be one of {', '.join(choices)}"
    if kind == "string_pattern_mismatch":
        if loc == "id" or loc == "task":
            return f"field '{loc}' must be a lowercase slug like 'rnn-vanishing'"
        return f"field '{loc}' must be a dotted path into answers/, like 'answers.rnn.rnn_cell'"
    message = err["msg"].removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    return f"field '{loc}' {message}" if loc else message


# --- cross-references -------------------------------------------------------

def _cross_check(q: Question, where: dict, raw: LineDict) -> list[str]:
    label, _ = where[q.id]
    out: list[str] = []

    def problem(fieldname: str, message: str) -> None:
        out.append(f"{label}:{raw.line_of(fieldname)}: question '{q.id}': field '{fieldname}' {message}")

    for other in q.follow_ups:
        if other not in where:
            problem("follow_ups", f"refers to unknown question '{other}'")
        elif other == q.id:
            problem("follow_ups", "refers to the question itself")
    for ref in q.refs:
        missing = _missing_ref(ref)
        if missing:
            problem("refs", missing)
    for where_, text in _strings(q.model_dump()):
        try:
            called = computed.refs_in(text)
        except computed.PlaceholderError as exc:
            problem(where_.split(".")[0], f"({where_}): {exc}")
            continue
        for ref in called:
            missing = _missing_ref(ref)
            if missing:
                problem(where_.split(".")[0], f"({where_}) has a placeholder that {missing}")
    if isinstance(q, NumericQuestion):
        missing = _missing_ref(q.compute, callable_with=set(q.params))
        if missing:
            problem("compute", missing)
    if q.kind == "code":
        from .grading.catalog import task_ids  # data only; no torch

        if q.task not in task_ids():
            problem("task", f"names unknown coding task '{q.task}' "
                            f"(known: {', '.join(sorted(task_ids()))})")
    return out


def _strings(node, path: str = ""):
    """(dotted path, text) for every string in a dumped question that has a placeholder."""
    if isinstance(node, str):
        if "{{" in node:
            yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{path}.{index}")


@lru_cache(maxsize=1)
def _answers_dir() -> Optional[Path]:
    spec = importlib.util.find_spec("answers")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=None)
def _module_tree(path: Path) -> Optional[ast.Module]:
    try:
        return ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None


def _missing_ref(ref: str, callable_with: Optional[set] = None) -> Optional[str]:
    """None when `ref` names a def or class in answers/, else why not.

    Reads the module's source instead of importing it, so checking the bank
    never imports torch. With `callable_with`, the function must accept every
    one of those keyword arguments.
    """
    root = _answers_dir()
    if root is None:
        return f"refers to '{ref}', but the answers package is not installed"
    parts = ref.split(".")[1:]
    for split in range(len(parts) - 1, 0, -1):
        base = root.joinpath(*parts[:split])
        module_file = base.with_suffix(".py")
        if not module_file.is_file():
            module_file = base / "__init__.py"
            if not module_file.is_file():
                continue
        tree = _module_tree(module_file)
        rel = module_file.relative_to(root.parent)
        if tree is None:
            return f"refers to '{ref}', but {rel} does not parse"
        node = _find_definition(tree.body, parts[split:])
        if node is None:
            return f"refers to '{ref}', which {rel} does not define"
        if callable_with is not None:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return f"refers to '{ref}', which is not a function"
            args = node.args
            names = {a.arg for a in args.args + args.kwonlyargs}
            unknown = sorted(callable_with - names) if args.kwarg is None else []
            if unknown:
                return f"refers to '{ref}', which takes no parameter {', '.join(map(repr, unknown))}"
        return None
    return f"refers to '{ref}', but there is no such module in answers/"


def _find_definition(body: list, names: list[str]):
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    for node in body:
        if isinstance(node, kinds) and node.name == names[0]:
            if len(names) == 1:
                return node
            return _find_definition(node.body, names[1:]) if isinstance(node, ast.ClassDef) else None
        if isinstance(node, ast.Assign) and len(names) == 1:
            if any(isinstance(t, ast.Name) and t.id == names[0] for t in node.targets):
                return node
    return None
