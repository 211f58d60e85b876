"""Find forbidden APIs in a submission's source by resolving its names through its imports.

    >>> forbidden_uses("import torch.nn.functional as F\\ny = F.softmax(x, -1)", ["torch.nn.functional.softmax"])
    [(2, 'torch.nn.functional.softmax')]
    >>> forbidden_uses("def softmax(x):\\n    return x\\ny = softmax(1)", ["torch.softmax"])
    []

The rules, chosen so that correct code is never flagged:

* A name is resolved only where the file binds it by imports alone (`import
  torch as t`, `from torch.nn import functional as F`, `from torch import *`).
  A name the file also binds itself (a def, a class, an assignment, a
  parameter, a loop variable) is not resolved.
* A forbidden Tensor method (`torch.Tensor.backward`) matches `anything.backward`,
  since a scan cannot know types, unless the file defines a method or an
  attribute of that name itself (a NumPy class with its own `backward`, a
  helper method `softmax`), or the object is a module the file imported.
* Code under `if __name__ == "__main__":` is not scanned; the grader never runs it.

What a scan cannot see (names built at run time) the runtime traps (`traps`) catch.
"""

from __future__ import annotations

import ast
from typing import Optional

_METHOD_OWNERS = ("torch.Tensor",)


def is_main_guard(node: ast.AST) -> bool:
    """`if __name__ == "__main__":` (either operand order)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    consts = [s.value for s in sides if isinstance(s, ast.Constant)]
    return names == ["__name__"] and consts == ["__main__"]


def scanned_nodes(tree: ast.Module) -> list[ast.AST]:
    """Every node except the bodies of `if __name__ == "__main__":` blocks."""
    nodes: list[ast.AST] = []
    for top in tree.body:
        if is_main_guard(top):
            for other in top.orelse:
                nodes.extend(ast.walk(other))
        else:
            nodes.extend(ast.walk(top))
    return nodes


class _Bindings:
    """What each name of the file can refer to."""

    def __init__(self, nodes: list[ast.AST]) -> None:
        self.imported: dict[str, set] = {}
        self.star: list[str] = []
        self.other: set = set()
        self.own_attributes: set = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imported.setdefault(alias.asname, set()).add(alias.name)
                    else:
                        top = alias.name.split(".")[0]
                        self.imported.setdefault(top, set()).add(top)
            elif isinstance(node, ast.ImportFrom):
                if not node.module or node.level:
                    for alias in node.names:
                        self.other.add(alias.asname or alias.name)
                    continue
                for alias in node.names:
                    if alias.name == "*":
                        self.star.append(node.module)
                    else:
                        self.imported.setdefault(alias.asname or alias.name, set()).add(
                            f"{node.module}.{alias.name}")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.other.add(node.name)
                if isinstance(node, ast.ClassDef):
                    self.own_attributes.update(n.name for n in node.body
                                               if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
            elif isinstance(node, ast.arg):
                self.other.add(node.arg)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                self.other.add(node.id)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self.other.add(node.name)
            elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
                self.other.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                self.own_attributes.add(node.attr)

    def resolve(self, name: str) -> Optional[str]:
        """The dotted object a bare name refers to, when only imports bind it."""
        if name in self.other:
            return None
        targets = self.imported.get(name)
        if targets is not None:
            return next(iter(targets)) if len(targets) == 1 else None
        return None


def _dotted(node: ast.AST) -> Optional[list[str]]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return list(reversed(parts))
    return None


def forbidden_uses(source: str, forbidden: list[str]) -> list[tuple[int, str]]:
    """(line, api) for every reference to a forbidden API; [] if the source does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    nodes = scanned_nodes(tree)
    names = _Bindings(nodes)
    exact = set(forbidden)
    methods = {f.rsplit(".", 1)[1]: f for f in forbidden if f.rsplit(".", 1)[0] in _METHOD_OWNERS}
    found: list[tuple[int, str]] = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names
                      if f"{node.module}.{a.name}" in exact]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
                and "getattr" not in names.other and len(node.args) >= 2 \
                and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
            owner = _dotted(node.args[0])
            head = names.resolve(owner[0]) if owner else None
            if head is not None:
                full = ".".join([head] + owner[1:] + [node.args[1].value])
                if full in exact:
                    found.append((node.lineno, full))
        elif isinstance(node, (ast.Attribute, ast.Name)):
            parts = _dotted(node)
            head = names.resolve(parts[0]) if parts else None
            if head is not None:
                full = ".".join([head] + parts[1:])
                if full in exact:
                    found.append((node.lineno, full))
                continue  # a module or object the file imported: not a Tensor method call
            if isinstance(node, ast.Name) and node.id not in names.other and node.id not in names.imported:
                found += [(node.lineno, f"{m}.{node.id}") for m in names.star if f"{m}.{node.id}" in exact]
            if isinstance(node, ast.Attribute) and node.attr in methods and node.attr not in names.own_attributes:
                found.append((node.lineno, methods[node.attr]))
    return sorted(set(found))
