"""Find forbidden APIs in a submission's source, resolving import aliases.

    >>> forbidden_uses("import torch.nn.functional as F\\ny = F.softmax(x, -1)", ["torch.nn.functional.softmax"])
    [(2, 'torch.nn.functional.softmax')]

A forbidden entry whose owner is a class (`torch.Tensor.softmax`) matches any
attribute of that name (`x.softmax(...)`), since the scan cannot know types.
Re-exports count too: `torch.softmax` and `torch.nn.functional.softmax` are
listed separately by each task. The runtime traps in `runner` catch what a
scan cannot (getattr with computed names).
"""

from __future__ import annotations

import ast

_METHOD_OWNERS = ("torch.Tensor",)


def _aliases(tree: ast.AST) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.AST) -> list[str] | None:
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
    except SyntaxError:
        return []
    aliases = _aliases(tree)
    exact = set(forbidden)
    methods = {f.rsplit(".", 1)[1]: f for f in forbidden if f.rsplit(".", 1)[0] in _METHOD_OWNERS}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in exact:
                    found.append((node.lineno, full))
        if isinstance(node, (ast.Attribute, ast.Name)):
            parts = _dotted(node)
            if parts:
                head = aliases.get(parts[0])
                if head is not None:
                    full = ".".join([head] + parts[1:])
                    if full in exact:
                        found.append((node.lineno, full))
                        continue
            if isinstance(node, ast.Attribute) and node.attr in methods:
                found.append((node.lineno, methods[node.attr]))
    unique = sorted(set(found))
    return unique
