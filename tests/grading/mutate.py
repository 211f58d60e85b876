r"""Mechanical mutants of a task's reference, to measure how well its hidden checks catch bugs.

How a reference is mutated. `tests/grading/solutions/<task>/right_reference.py` is
parsed with `ast`; every node is offered to each operator below, and every
(node, operator, variant) makes one mutant: a copy of the source with that single
node replaced, printed back with `ast.unparse`. Mutants that print the same as
the reference or as an earlier mutant are dropped. The operators are the issue's
list of the usual slips:

    scale      drop a scale:            `s / math.sqrt(d)` -> `s`,  `a * b` -> `a` / `b`
    transpose  change a transpose:      `.transpose(1, 2)` -> `.transpose(0, 2)`, dropped; `.T` dropped
    dim        change a dim:            `dim=-1` -> `dim=-2` / `dim=0`, `.sum(0)` -> `.sum(1)`, `.shape[1]` -> `.shape[0]`
    keepdim    drop keepdim:            `keepdim=True` removed
    compare    flip a comparison:       `<` <-> `<=`, `>` <-> `>=`, `==` <-> `!=`, `in` <-> `not in`
    minmax     max <-> min:             `max`, `amax`, `maximum`, `argmax` and back
    range      shift a range by one:    `range(a, b)` -> `range(a + 1, b)` / `range(a, b + 1)` / ...;
                                        slice bounds and constant indices +-1
    term       drop a bias / a term:    `a + b` -> `a` / `b`, `a - b` -> `a`; `x += y` removed
    reverse    reverse an order:        `reversed(x)` -> `x`, `for t in x` -> `for t in reversed(x)`,
                                        `sorted(...)` with reverse flipped, `.append(x)` -> `.insert(0, x)`
    identity   return an input:         `return expr` -> `return <parameter>`, for each parameter
    operator   swap an operator:        `+` <-> `-`, `*` <-> `/`
    sign       drop a minus:            `-x` -> `x`
    bool       flip a constant:         `True` <-> `False`

Each mutant is graded in-process (`seqprep.grading.inprocess`) on the same
20 seeds' plans as the reference, with a CPU-time budget of 10x the
reference's time on each plan (at least 0.1 s; a fifth of that once the
mutant has timed out), so a mutant that loops is a timeout; it is *killed*
when it fails on every seed (its grading stops at the first failed check). Checks marked
`fixed_inputs` (the tiled-attention memory check, whose inputs never change
and which costs a second a run) are left out: mutants must be caught by the
checks that draw their inputs.
A mutant that passes on some seed survives. A survivor is either a gap in the
checks (add or sharpen a check until it dies on every seed) or *equivalent*:
it computes the same function as the reference on every input the task allows
(e.g. `transpose(1, 2)` -> `transpose(2, 1)`). Equivalent mutants are declared
in `tests/grading/test_mutants.py`, `EQUIVALENT[task][mutant id] = "why"`;
the id is the one `Mutant.id` prints, `operator: \`before\` -> \`after\``.

Tasks are discovered from the catalog, so a new task is covered as soon as its
YAML, its checks and its `right_reference.py` exist. Run

    .venv/bin/python tests/grading/mutate.py [TASK ...]     # scores and survivors, as a table

to see the scores (the table in benchmarks/README.md comes from it).
"""

from __future__ import annotations

import ast
import copy
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

SOLUTIONS = Path(__file__).resolve().parent / "solutions"
SEEDS = tuple(range(20))

MINMAX = {"max": "min", "min": "max", "amax": "amin", "amin": "amax", "maximum": "minimum",
          "minimum": "maximum", "argmax": "argmin", "argmin": "argmax", "fmax": "fmin", "fmin": "fmax"}
COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
           ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
SWAP_OP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
DIM_KEYWORDS = ("dim", "axis")
DIM_METHODS = ("sum", "mean", "amax", "amin", "max", "min", "argmax", "argmin", "softmax", "log_softmax",
               "logsumexp", "cumsum", "prod", "stack", "cat", "concatenate", "size", "unsqueeze", "squeeze",
               "flip", "norm", "std", "var", "all", "any", "count_nonzero", "split", "chunk")
KEEPDIM = ("keepdim", "keepdims")


@dataclass
class Mutant:
    operator: str
    before: str
    after: str
    source: str
    line: int
    id: str = ""

    def describe(self) -> str:
        return f"line {self.line}: {self.id}"


# --- operators: each takes a node (and its parents) and yields (replacement, label) -------------

def _short(node: ast.AST, limit: int = 110) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _header(statement: ast.AST) -> str:
    """A statement as one line; a compound statement by its header only."""
    if isinstance(statement, ast.For):
        return f"for {_short(statement.target)} in {_short(statement.iter)}:"
    if isinstance(statement, ast.While):
        return f"while {_short(statement.test)}:"
    if isinstance(statement, ast.If):
        return f"if {_short(statement.test)}:"
    if isinstance(statement, (ast.FunctionDef, ast.ClassDef, ast.With)):
        return _short(statement).split(":")[0] + ":"
    return _short(statement)


def _statement(node: ast.AST, parents: list) -> Optional[ast.AST]:
    for candidate in [node] + list(reversed(parents)):
        if isinstance(candidate, ast.stmt):
            return candidate
    return None


def _int_value(node: ast.AST) -> Optional[int]:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
            isinstance(node.operand, ast.Constant) and type(node.operand.value) is int:
        return -node.operand.value
    return None


def _int_node(value: int) -> ast.AST:
    return ast.Constant(value) if value >= 0 else ast.UnaryOp(ast.USub(), ast.Constant(-value))


def _plus(node: ast.AST, delta: int) -> ast.AST:
    value = _int_value(node)
    if value is not None:
        return _int_node(value + delta)
    return ast.BinOp(copy.deepcopy(node), ast.Add() if delta > 0 else ast.Sub(), ast.Constant(abs(delta)))


def _method(node: ast.AST) -> Optional[str]:
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
        if isinstance(node.func, ast.Name):
            return node.func.id
    return None


def _with_call(node: ast.Call, args=None, keywords=None, func=None) -> ast.Call:
    new = copy.deepcopy(node)
    if args is not None:
        new.args = args
    if keywords is not None:
        new.keywords = keywords
    if func is not None:
        new.func = func
    return new


def op_scale(node, parents):
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        yield copy.deepcopy(node.left), "keep the left factor"
        if isinstance(node.op, ast.Mult):
            yield copy.deepcopy(node.right), "keep the right factor"
    if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Mult, ast.Div)):
        yield ast.Pass(), "drop the statement"


def op_transpose(node, parents):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("transpose", "swapaxes", "swapdims") and len(node.args) == 2:
        yield copy.deepcopy(node.func.value), "drop the transpose"
        a, b = (_int_value(x) for x in node.args)
        if a is not None and b is not None:
            for i, value in ((0, a), (1, b)):
                for delta in (-1, 1):
                    changed = [a, b]
                    changed[i] = value + delta
                    if changed[0] != changed[1] and {changed[0], changed[1]} != {a, b}:
                        yield _with_call(node, args=[_int_node(changed[0]), _int_node(changed[1])]), "move an axis"
    if isinstance(node, ast.Attribute) and node.attr in ("T", "mT") and isinstance(node.ctx, ast.Load):
        yield copy.deepcopy(node.value), "drop the transpose"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "permute" \
            and len(node.args) >= 2:
        for i in range(len(node.args) - 1):
            args = [copy.deepcopy(a) for a in node.args]
            args[i], args[i + 1] = args[i + 1], args[i]
            yield _with_call(node, args=args), "swap two axes"


def op_dim(node, parents):
    if isinstance(node, ast.Call):
        for k, keyword in enumerate(node.keywords):
            if keyword.arg in DIM_KEYWORDS:
                value = _int_value(keyword.value)
                candidates = [value - 1, value + 1] if value is not None else []
                if value is not None and value < 0:
                    candidates.append(0)
                elif value is not None:
                    candidates.append(-1)
                if value is None:  # a variable dim: the other end
                    for other in (0, -1):
                        keywords = copy.deepcopy(node.keywords)
                        keywords[k].value = _int_node(other)
                        yield _with_call(node, keywords=keywords), "another dim"
                for c in dict.fromkeys(candidates):
                    if c == value:
                        continue
                    keywords = copy.deepcopy(node.keywords)
                    keywords[k].value = _int_node(c)
                    yield _with_call(node, keywords=keywords), "another dim"
        name = _method(node)
        if name in DIM_METHODS and isinstance(node.func, ast.Attribute):
            # the dim is the first argument of a method (x.sum(0)), the second of torch.stack(xs, 1)
            index = 1 if name in ("stack", "cat", "concatenate") else 0
            if len(node.args) > index:
                value = _int_value(node.args[index])
                if value is not None:
                    for c in dict.fromkeys([value - 1, value + 1, 0 if value < 0 else -1]):
                        if c != value:
                            args = copy.deepcopy(node.args)
                            args[index] = _int_node(c)
                            yield _with_call(node, args=args), "another dim"
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "shape":
        value = _int_value(node.slice)
        if value is not None:
            for c in dict.fromkeys([value - 1, value + 1]):
                new = copy.deepcopy(node)
                new.slice = _int_node(c)
                yield new, "another dim"


def op_keepdim(node, parents):
    if isinstance(node, ast.Call):
        for k, keyword in enumerate(node.keywords):
            if keyword.arg in KEEPDIM:
                keywords = [copy.deepcopy(kw) for i, kw in enumerate(node.keywords) if i != k]
                yield _with_call(node, keywords=keywords), "drop keepdim"


def op_compare(node, parents):
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            other = COMPARE.get(type(op))
            if other is not None:
                new = copy.deepcopy(node)
                new.ops[i] = other()
                yield new, "flip the comparison"


def op_minmax(node, parents):
    if isinstance(node, ast.Name) and node.id in MINMAX and isinstance(node.ctx, ast.Load):
        yield ast.Name(MINMAX[node.id], ast.Load()), "max <-> min"
    if isinstance(node, ast.Attribute) and node.attr in MINMAX and isinstance(node.ctx, ast.Load):
        new = copy.deepcopy(node)
        new.attr = MINMAX[node.attr]
        yield new, "max <-> min"


def op_range(node, parents):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" \
            and 1 <= len(node.args) <= 3:
        args = node.args
        if len(args) == 1:
            for new_args in ([_plus(args[0], 1)], [_plus(args[0], -1)], [ast.Constant(1), copy.deepcopy(args[0])]):
                yield _with_call(node, args=new_args), "shift the range"
        else:
            for i in (0, 1):
                for delta in (-1, 1):
                    new_args = [copy.deepcopy(a) for a in args]
                    new_args[i] = _plus(args[i], delta)
                    yield _with_call(node, args=new_args), "shift the range"
    if isinstance(node, ast.Slice) and node.step is None:
        for bound in ("lower", "upper"):
            value = getattr(node, bound)
            options = [(_plus(value, 1), "shift"), (_plus(value, -1), "shift")] if value is not None else \
                [(ast.Constant(1), "shift") if bound == "lower" else (_int_node(-1), "shift")]
            for new_value, _ in options:
                new = copy.deepcopy(node)
                setattr(new, bound, new_value)
                yield new, "shift the slice"
    if isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Slice, ast.Tuple)) and \
            not (isinstance(node.value, ast.Attribute) and node.value.attr == "shape"):
        value = _int_value(node.slice)
        if value is not None:
            for c in (value - 1, value + 1):
                new = copy.deepcopy(node)
                new.slice = _int_node(c)
                yield new, "shift the index"
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple):
        for i, element in enumerate(node.slice.elts):
            value = _int_value(element)
            if value is not None:
                for c in (value - 1, value + 1):
                    new = copy.deepcopy(node)
                    new.slice.elts[i] = _int_node(c)
                    yield new, "shift the index"


def op_term(node, parents):
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        yield copy.deepcopy(node.left), "drop the right term"
        if isinstance(node.op, ast.Add):
            yield copy.deepcopy(node.right), "drop the left term"
    if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Sub)):
        yield ast.Pass(), "drop the statement"


def op_reverse(node, parents):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "reversed" \
            and len(node.args) == 1:
        yield copy.deepcopy(node.args[0]), "drop reversed"
    if isinstance(node, ast.For) and not (isinstance(node.iter, ast.Call) and isinstance(node.iter.func, ast.Name)
                                          and node.iter.func.id == "reversed"):
        new = copy.deepcopy(node)
        new.iter = ast.Call(ast.Name("reversed", ast.Load()),
                            [ast.Call(ast.Name("list", ast.Load()), [copy.deepcopy(node.iter)], [])], [])
        yield new, "reverse the loop"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "sorted":
        keywords = [copy.deepcopy(k) for k in node.keywords if k.arg != "reverse"]
        flipped = not any(k.arg == "reverse" and isinstance(k.value, ast.Constant) and k.value.value
                          for k in node.keywords)
        keywords.append(ast.keyword("reverse", ast.Constant(flipped)))
        yield _with_call(node, keywords=keywords), "reverse the sort"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
            and len(node.args) == 1:
        func = copy.deepcopy(node.func)
        func.attr = "insert"
        yield _with_call(node, func=func, args=[ast.Constant(0), copy.deepcopy(node.args[0])]), "prepend"


def op_identity(node, parents):
    if isinstance(node, ast.Return) and node.value is not None:
        function = next((p for p in reversed(parents) if isinstance(p, (ast.FunctionDef, ast.Lambda))), None)
        if function is None or isinstance(function, ast.Lambda):
            return
        params = [a.arg for a in function.args.posonlyargs + function.args.args + function.args.kwonlyargs
                  if a.arg not in ("self", "cls")]
        for name in params:
            if not (isinstance(node.value, ast.Name) and node.value.id == name):
                yield ast.Return(ast.Name(name, ast.Load())), f"return {name}"


def op_operator(node, parents):
    if isinstance(node, ast.BinOp) and type(node.op) in SWAP_OP:
        new = copy.deepcopy(node)
        new.op = SWAP_OP[type(node.op)]()
        yield new, "swap the operator"
    if isinstance(node, ast.AugAssign) and type(node.op) in SWAP_OP:
        new = copy.deepcopy(node)
        new.op = SWAP_OP[type(node.op)]()
        yield new, "swap the operator"


def op_sign(node, parents):
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
            not isinstance(node.operand, ast.Constant):
        yield copy.deepcopy(node.operand), "drop the minus"


def op_bool(node, parents):
    if isinstance(node, ast.Constant) and type(node.value) is bool:
        yield ast.Constant(not node.value), "flip the constant"


OPERATORS: dict[str, Callable] = {
    "scale": op_scale, "transpose": op_transpose, "dim": op_dim, "keepdim": op_keepdim,
    "compare": op_compare, "minmax": op_minmax, "range": op_range, "term": op_term,
    "reverse": op_reverse, "identity": op_identity, "operator": op_operator, "sign": op_sign,
    "bool": op_bool,
}


# --- generating mutants -------------------------------------------------------------------------

def _is_docstring(node: ast.AST, parent: Optional[ast.AST]) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _walk(tree: ast.AST) -> Iterator[tuple[ast.AST, list]]:
    """Every node with its chain of parents, in a fixed order; docstrings and imports skipped."""
    stack = [(tree, [])]
    while stack:
        node, parents = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)) or _is_docstring(node, parents[-1] if parents else None):
            continue
        yield node, parents
        children = list(ast.iter_child_nodes(node))
        for child in reversed(children):
            stack.append((child, parents + [node]))


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for name, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, name, new)
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is old:
                    value[i] = new
                    return
    raise LookupError("node not found in its parent")


def mutants(source: str, operators: Optional[list[str]] = None) -> list[Mutant]:
    """All single-point mutants of `source`, each with a stable id (`operator: before -> after`)."""
    tree = ast.parse(source)
    baseline = ast.unparse(tree)
    points = []
    for index, (node, parents) in enumerate(_walk(tree)):
        for name, operator in OPERATORS.items():
            if operators and name not in operators:
                continue
            for variant, (replacement, label) in enumerate(operator(node, parents)):
                points.append((index, name, variant, label))
    seen = {baseline}
    out: list[Mutant] = []
    ids: dict[str, int] = {}
    for index, name, variant, label in points:
        fresh = ast.parse(source)
        node, parents = next((n, p) for i, (n, p) in enumerate(_walk(fresh)) if i == index)
        replacement, _ = list(OPERATORS[name](node, parents))[variant]
        statement = _statement(node, parents)
        before = _header(statement) if statement is not None else _short(node)
        line = getattr(statement, "lineno", 0)
        if parents:
            _replace(parents[-1], node, replacement)
        ast.fix_missing_locations(fresh)
        text = ast.unparse(fresh)
        if text in seen:
            continue
        seen.add(text)
        if isinstance(replacement, ast.Pass):
            after = "(removed)"
        else:
            changed = replacement if statement is node else statement   # mutated in place
            after = _header(changed) if changed is not None else _short(replacement)
        mutant = Mutant(name, before, after, text, line)
        base = f"{name}: `{before}` -> `{after}`"
        ids[base] = ids.get(base, 0) + 1
        mutant.id = base if ids[base] == 1 else f"{base} #{ids[base]}"
        out.append(mutant)
    return out


# --- grading them -------------------------------------------------------------------------------

@dataclass
class TaskScore:
    task: str
    total: int = 0
    killed: list = field(default_factory=list)
    survivors: dict = field(default_factory=dict)     # mutant id -> seeds it passed on
    hints: dict = field(default_factory=dict)         # killed mutant id -> (check, message) on the first seed
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    def score(self, equivalent: frozenset = frozenset()) -> float:
        """Share of the mutants rejected on every seed (equivalent ones left out of the count)."""
        counted = self.total - len(equivalent & set(self.survivors))
        return len(self.killed) / counted if counted else 1.0


def score_task(task_id: str, seeds=SEEDS, plans: Optional[list] = None) -> TaskScore:
    """Grade every mutant of the task's reference on `seeds`; reuse `plans` when given."""
    import torch

    from seqprep.grading import inprocess
    from seqprep.grading.catalog import get_task

    torch.set_num_threads(1)
    started, cpu = time.monotonic(), time.process_time()
    task = get_task(task_id)
    source = (SOLUTIONS / task_id / "right_reference.py").read_text(encoding="utf-8")
    plans = plans if plans is not None else [inprocess.prepare(task, seed) for seed in seeds]
    reference = inprocess.load_solution(source, "right_reference.py", task.forbidden)
    budgets = []   # CPU seconds a mutant may take on each plan: 10x the reference, at least 0.1 s
    for plan in plans:
        t = time.process_time()
        verdict = inprocess.grade(reference, plan, skip_fixed=True)
        if not verdict.passed:
            raise AssertionError(f"{task_id}: the reference fails on seed {plan.seed}: {verdict.failed()}")
        budgets.append(max(0.1, 10 * (time.process_time() - t)))
    result = TaskScore(task_id)
    for mutant in mutants(source):
        result.total += 1
        solution = inprocess.load_solution(mutant.source, mutant.id, task.forbidden)
        passed_on, loops = [], False
        for plan, budget in zip(plans, budgets):
            # a mutant that ran out of time once (a loop that never ends) gets a tighter budget after
            verdict = inprocess.grade(solution, plan, timeout_s=budget / 5 if loops else budget, skip_fixed=True,
                                      first_failure=True)
            loops = loops or verdict.timed_out
            if verdict.passed:
                passed_on.append(plan.seed)
            elif mutant.id not in result.hints:
                failed = next((c for c in verdict.checks if not c.passed), None)
                result.hints[mutant.id] = (failed.name, failed.message) if failed else ("", "")
        if passed_on:
            result.survivors[mutant.id] = passed_on
            result.hints.pop(mutant.id, None)
        else:
            result.killed.append(mutant.id)
    result.seconds = time.monotonic() - started
    result.cpu_seconds = time.process_time() - cpu
    return result


def main(argv: list[str]) -> None:
    """Print the README table's rows for the tasks given (all by default), then every survivor."""
    from seqprep.grading.catalog import task_ids

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_mutants import EQUIVALENT, row

    started = time.monotonic()
    print("| task | mutants | killed | equivalent | score | killed / all |")
    print("|---|---|---|---|---|---|")
    details = []
    for task_id in argv or sorted(task_ids()):
        result = score_task(task_id)
        listed = EQUIVALENT.get(task_id, {})
        equivalent = len(set(listed) & set(result.survivors))
        print(row(task_id, result.total, len(result.killed), equivalent), flush=True)
        for mutant_id, seeds in result.survivors.items():
            mark = "equivalent" if mutant_id in listed else "SURVIVES"
            details.append(f"{task_id}: {mark} on {len(seeds)}/{len(SEEDS)} seeds ({result.seconds:.0f} s): {mutant_id}")
    print(f"\n{time.monotonic() - started:.0f} s")
    print("\n".join(details))


if __name__ == "__main__":
    main(sys.argv[1:])
