"""YAML loading that remembers where every mapping and key came from.

The bank's error messages name a file and a line, so the loader keeps the
1-based line of each mapping and of each of its keys:

    >>> doc = load_with_lines("- id: a\\n  kind: open\\n")
    >>> doc[0].line, doc[0].key_lines["kind"]
    (1, 2)

String values of a mapping come back stripped (a `|` block ends with a newline
that is not part of the text).

It uses libyaml's C parser when it is present (about 11x faster than the
pure-Python one) and falls back to the pure-Python loader otherwise.
"""

from __future__ import annotations

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A dict from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found an unhashable key", key_node.start_mark)
        value = loader.construct_object(value_node, deep=True)
        out[key] = value.strip() if isinstance(value, str) else value
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlSyntaxError(ValueError):
    """A YAML file that does not parse; `line` is 1-based."""

    def __init__(self, line: int, problem: str):
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


def load_with_lines(text: str):
    """Parse one YAML document; mappings come back as `LineDict`."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise YamlSyntaxError(1, f"invalid YAML: {exc}") from None
