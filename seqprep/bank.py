"""Load and validate the question bank (`questions/*.yaml`), with a compiled cache.

Every problem becomes one line that names the file, the line, the question
and the field, e.g.

    questions/rnn.yaml:42: question 'rnn-vanishing': field 'kind' must be one of open, choice, numeric, code

`load_bank` collects all such lines and raises `BankError` with them; it never
lets a traceback from YAML or the schema reach the user. Nothing here imports
torch or numpy: references into `answers/` are checked by reading the source.

**The cache.** Parsing the YAML is most of the cost of loading (~90% here), so
a validated bank is kept as msgpack (`$SEQPREP_HOME/cache/`, else the user
cache folder) under a key that hashes everything the result depends on: the
bytes of every YAML file, and the size and mtime of the schema's code, the
`answers/` sources and the coding tasks. A later start with the same key
decodes the questions at C speed and reads no YAML; any change rebuilds it.
A bank with problems is never cached, and a cache that cannot be read or
written is ignored.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import msgspec

try:  # hashlib's blake2b without loading OpenSSL (a few ms of every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from . import computed
from .kinds import KINDS, AnyQuestion, Question
from .schema import known_titles, message, problems as schema_problems, remember_titles

CACHE_FORMAT = "seqprep-bank-1"
_SCHEMA_CODE = ("bank.py", "schema.py", "sections.py", "texmath.py")  # besides kinds/: what shapes a cached bank


class BankError(Exception):
    """The bank is invalid; `problems` holds one message per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class Bank:
    """The validated questions, with where each was defined: `where[id] -> (file, line)`."""

    def __init__(self, questions: list[Question], where: Optional[dict[str, tuple[str, int]]] = None):
        self.questions = questions
        self.where = where or {}
        self.by_id = {q.id: q for q in self.questions}
        self.by_kind: dict[str, list[Question]] = {}
        for q in self.questions:
            self.by_kind.setdefault(q.kind, []).append(q)

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, qid: str) -> Optional[Question]:
        return self.by_id.get(qid)

    def select(self, sections: Iterable[str] = (), kind: Optional[str] = None) -> list[Question]:
        """The questions of these sections (all when empty) of the kind named (any when None)."""
        wanted = set(sections)
        pool = self.questions if kind is None else self.by_kind.get(kind, [])
        return [q for q in pool if not wanted or q.section in wanted]

    def linked(self, task_id: str) -> list[Question]:
        """The questions a coding task answers (`Question.linked_task`)."""
        return [q for q in self.questions if q.linked_task == task_id]


def default_bank_dir() -> Path:
    """The bank shipped in the wheel, or `questions/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "questions"
    return packaged if packaged.is_dir() else here.parent / "questions"


def load_bank(directory: Optional[Path] = None) -> Bank:
    directory = Path(directory) if directory else default_bank_dir()
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise BankError([f"{directory}: no questions/*.yaml files found"])
    key = _cache_key(directory, files)
    cached = _cache_read(directory, key) if key else None
    if cached is not None:
        return cached
    bank = _load(directory, files)
    if key:
        _cache_write(directory, key, bank)
    return bank


# --- the compiled cache ----------------------------------------------------------

class _Cached(msgspec.Struct, frozen=True):
    key: str
    questions: list[AnyQuestion]  # type: ignore[valid-type]
    where: dict[str, tuple[str, int]]
    titles: dict[str, str]  # prompt -> title (schema.make_title), so that `list` makes none


def cache_dir() -> Path:
    home = os.environ.get("SEQPREP_HOME")
    if home:
        return Path(home) / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("seqprep", appauthor=False))


def _cache_file(directory: Path) -> Path:
    name = blake2b(str(directory.resolve()).encode(), digest_size=8).hexdigest()
    return cache_dir() / f"bank-{name}.msgpack"


def _stamps(root: Optional[Path], suffix: str) -> list[str]:
    """`name size mtime` of every file under `root` whose name ends with `suffix`, sorted."""
    out: list[str] = []
    folders = [str(root)] if root is not None else []
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith((".", "__")):
                    folders.append(entry.path)
            elif entry.name.endswith(suffix):
                try:
                    info = entry.stat()
                except OSError:
                    continue
                out.append(f"{entry.path} {info.st_size} {info.st_mtime_ns}")
    return sorted(out)


def _cache_key(directory: Path, files: list[Path]) -> Optional[str]:
    """A hash of everything a validated bank depends on; None when a file cannot be read."""
    digest = blake2b(CACHE_FORMAT.encode(), digest_size=20)
    here = Path(__file__).resolve().parent
    code = [f"{path} {os.stat(path).st_size} {os.stat(path).st_mtime_ns}" for path in
            (here / name for name in _SCHEMA_CODE)]
    for line in (code + _stamps(here / "kinds", ".py") + _stamps(_answers_dir(), ".py")
                 + _stamps(here / "grading" / "tasks", ".yaml")):
        digest.update(line.encode() + b"\n")
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest.update(f"{path.name} {len(data)}\n".encode() + data)
    return digest.hexdigest()


def _cache_read(directory: Path, key: str) -> Optional[Bank]:
    try:
        cached = msgspec.msgpack.decode(_cache_file(directory).read_bytes(), type=_Cached)
    except (OSError, msgspec.DecodeError, ValueError, TypeError):
        return None
    if cached.key != key:
        return None
    remember_titles(cached.titles)
    return Bank(list(cached.questions), dict(cached.where))


def _cache_write(directory: Path, key: str, bank: Bank) -> None:
    path = _cache_file(directory)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for q in bank.questions:
            q.title("ru"), q.title("en")
        tmp.write_bytes(msgspec.msgpack.encode(_Cached(key, bank.questions, bank.where, known_titles())))
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


# --- reading and validating --------------------------------------------------------

def _load(directory: Path, files: list[Path]) -> Bank:
    from .yamlio import LineDict

    problems: list[str] = []
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
    from .yamlio import LineDict, YamlSyntaxError, load_with_lines

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


def _validate(raw, prefix: str, problems: list[str]) -> Optional[Question]:
    """The question, or None after adding one line per problem to `problems`."""
    cls = KINDS.get(raw.get("kind")) if isinstance(raw.get("kind"), str) else None
    if cls is None:
        what = "is missing" if raw.get("kind") is None else f"must be one of {', '.join(KINDS)}"
        problems.append(_relined(prefix, raw.line_of("kind")) + f": field 'kind' {what}")
        return None
    try:
        question = msgspec.convert(raw, cls)
    except msgspec.ValidationError:
        found = [(_line_for(raw, path), message(path, text)) for path, text in schema_problems(raw, cls)]
        question = None
    else:
        found = [(raw.line_of(name), message((name,), text)) for name, text in question.problems()]
    found.sort(key=lambda line_text: line_text[0])  # in the order of the file
    problems.extend(_relined(prefix, line) + ": " + text for line, text in found)
    return None if found else question


def _relined(prefix: str, line: int) -> str:
    """Swap the question's line in `file:line: question 'x'` for a field's line."""
    return re.sub(r":\d+: question", f":{line}: question", prefix, count=1)


def _line_for(raw, loc: tuple) -> int:
    from .yamlio import LineDict

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


# --- cross-references -------------------------------------------------------

def _cross_check(q: Question, where: dict, raw) -> list[str]:
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
    for where_, text in _strings(msgspec.to_builtins(q)):
        try:
            called = computed.refs_in(text)
        except computed.PlaceholderError as exc:
            problem(where_.split(".")[0], f"({where_}): {exc}")
            continue
        for ref in called:
            missing = _missing_ref(ref)
            if missing:
                problem(where_.split(".")[0], f"({where_}) has a placeholder that {missing}")
    for fieldname, text in q.check_links(_missing_ref):
        problem(fieldname, text)
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
