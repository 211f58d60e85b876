"""Numbers in prose that the reference code computes: `{{ answers.f(x=1) }}`.

Any text of the bank (and any page of the site) may contain a placeholder

    {{ answers.complexity.rnn_param_count(d=300, h=512, V=30000, bias=False) }}
    {{ answers.closed_form.softmax([5.2, 8.7, 2.1]) | .3f }}

It is a call of a function in `answers/` with literal arguments, optionally
indexed by literal keys (`f()["contextual_cosine"]`, `f()[0]`) and followed by
`| spec`, a Python format spec applied to each number. Without a
spec, integers get thousands separators for the language (`15,775,744` or
`15 775 744`) and other floats four significant digits. Lists are joined
with ", " ("; " in Russian, whose decimal mark is a comma) and tuples with
" + " (a BPE merge `("ц", "ц")` reads `ц + ц`).

Nothing here is evaluated when the bank is loaded: `check` only parses the
call and confirms the function exists. The quiz, `show`, the Anki export and
the site call `render()` when they display the text.
"""

from __future__ import annotations

import ast
import importlib
import re
from functools import lru_cache
from typing import Any, Callable, Optional

PATTERN = re.compile(r"\{\{\s*(.+?)\s*\}\}", re.S)


class PlaceholderError(ValueError):
    pass


def parse(source: str) -> tuple[str, list, dict, Optional[str]]:
    """`parse("answers.m.f(1, b=2) | .2f") -> ("answers.m.f", [1], {"b": 2}, ".2f")`."""
    dotted, args, kwargs, _, spec = _parse(source)
    return dotted, args, kwargs, spec


def _parse(source: str):
    """Like `parse`, plus the literal keys applied to the result, outermost last."""
    expr, _, spec = source.partition("|")
    spec = spec.strip() or None
    try:
        tree = ast.parse(expr.strip(), mode="eval").body
    except SyntaxError as exc:
        raise PlaceholderError(f"cannot parse {{{{ {source} }}}}: {exc.msg}") from None
    keys = []
    while isinstance(tree, ast.Subscript):
        try:
            keys.append(ast.literal_eval(tree.slice))
        except ValueError:
            raise PlaceholderError(f"{{{{ {source} }}}}: an index must be a literal") from None
        tree = tree.value
    if not isinstance(tree, ast.Call):
        raise PlaceholderError(f"{{{{ {source} }}}} is not a call of a function in answers/")
    dotted = _dotted(tree.func)
    if dotted is None or not dotted.startswith("answers."):
        raise PlaceholderError(f"{{{{ {source} }}}} must call a function in answers/")
    try:
        args = [ast.literal_eval(a) for a in tree.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in tree.keywords}
    except ValueError:
        raise PlaceholderError(f"{{{{ {source} }}}}: arguments must be literals") from None
    if any(k is None for k in kwargs):
        raise PlaceholderError(f"{{{{ {source} }}}}: **kwargs are not allowed")
    return dotted, args, kwargs, list(reversed(keys)), spec


def _dotted(node: ast.AST) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def refs_in(text: str) -> list[str]:
    """The functions a text's placeholders call (raises PlaceholderError if one is malformed)."""
    return [parse(m.group(1))[0] for m in PATTERN.finditer(text)]


def _resolve(dotted: str) -> Callable:
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attr in parts[split:]:
            obj = getattr(obj, attr)
        return obj
    raise PlaceholderError(f"cannot import {dotted}")


@lru_cache(maxsize=512)
def _evaluate(source: str) -> Any:
    dotted, args, kwargs, keys, _ = _parse(source)
    value = _resolve(dotted)(*args, **kwargs)
    for key in keys:
        value = value[key]
    return value


def format_value(value: Any, spec: Optional[str], lang: str) -> str:
    from .numeric import format_number

    if isinstance(value, (list, tuple)) and not isinstance(value, str):
        joiner = " + " if isinstance(value, tuple) else ("; " if lang == "ru" else ", ")
        return joiner.join(format_value(v, spec, lang) for v in value)
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if hasattr(value, "item") and callable(value.item):  # a 0-d tensor or numpy scalar
        value = value.item()
    if isinstance(value, (int, float)):
        if spec:
            text = format(value, spec)
            if lang == "ru":
                text = text.replace(",", "\u202f").replace(".", ",")
            return text
        return format_number(value, lang)
    return str(value)


def render(text: str, lang: str = "en") -> str:
    """Replace every placeholder in `text` with its computed value."""
    if "{{" not in text:
        return text

    def one(match: re.Match) -> str:
        source = match.group(1)
        _, _, _, spec = parse(source)
        return format_value(_evaluate(source), spec, lang)

    from .numeric import math_safe

    return math_safe(PATTERN.sub(one, text))
