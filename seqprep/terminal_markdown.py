"""The bank's Markdown as rich renderables, without rich.markdown.

`rich.markdown` pulls in markdown-it and pygments, which cost more than the rest
of the quiz's start together; the bank only uses a small part of Markdown, so
the terminal renders that part here:

* paragraphs (lines joined), `# headings` (bold), `> quotes` (│ in front);
* `- ` / `* ` / `1. ` list items, wrapped with a hanging indent;
* fenced code blocks, indented and shown as written (no highlighting);
* table rows (`| a | b |`), kept as written;
* inline `**bold**`, `*italic*` / `_italic_`, `` `code` `` and `[text](url)`.

Math is not handled here: `texmath.plain_math` turns it into Unicode first.

    >>> from rich.console import Console
    >>> Console(width=30, no_color=True).print(render("Some **bold** text.\\n\\n- one item\\n- `two`"))
    Some bold text.
    <BLANKLINE>
    • one item
    • two
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.text import Text

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_INLINE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"               # **bold**
                     r"|(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\3(?![\w*])"  # *italic*
                     r"|(`+)(.+?)\5"                                # `code`
                     r"|\[([^\]]+)\]\(([^)\s]+)\)")                 # [text](url)
STYLES = {"bold": "bold", "italic": "italic", "code": "bold cyan", "code_block": "cyan", "quote": "dim",
          "heading": "bold underline", "link": "underline"}


def inline(text: str) -> Text:
    """`inline("a **b** `c`")` -> Text "a b c" with b bold and c styled as code."""
    out = Text()
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(text[pos:match.start()])
        bold, italic, code, (label, url) = match.group(2), match.group(4), match.group(6), match.group(7, 8)
        if bold is not None:
            inner = inline(bold)
            inner.stylize(STYLES["bold"])
            out.append_text(inner)
        elif italic is not None:
            out.append(italic, style=STYLES["italic"])
        elif code is not None:
            out.append(code.strip(), style=STYLES["code"])
        else:
            out.append(label, style=STYLES["link"])
            out.append(f" ({url})")
        pos = match.end()
    out.append(text[pos:])
    return out


class Hanging:
    """`first` in front of the first line of `body`, as many spaces in front of the others."""

    def __init__(self, first: str, body: Text):
        self.first, self.body = first, body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = len(self.first)
        lines = console.render_lines(self.body, options.update(width=max(1, options.max_width - indent)),
                                     pad=False)
        for number, line in enumerate(lines):
            yield Segment(self.first if number == 0 else " " * indent)
            yield from line
            yield Segment.line()


def _kind(line: str) -> str:
    stripped = line.lstrip()
    if _ITEM.match(line):
        return "item"
    return {"|": "table", "#": "heading", ">": "quote"}.get(stripped[:1], "paragraph")


def _blocks(markdown: str):
    """(kind, lines) per block: fence, item (with its indented continuation lines),
    table, heading and quote (one line each), paragraph."""
    kind, block, fence = None, [], None
    for line in markdown.splitlines():
        if fence is not None:
            if line.strip().startswith(fence):
                yield "fence", block
                kind, block, fence = None, [], None
            else:
                block.append(line)
            continue
        if _FENCE.match(line):
            if block:
                yield kind, block
            kind, block, fence = "fence", [], _FENCE.match(line).group(1)[0] * 3
        elif not line.strip():
            if block:
                yield kind, block
            kind, block = None, []
        elif kind == "item" and line.startswith("  ") and not _ITEM.match(line):
            block.append(line)  # an item's continuation
        elif kind == "paragraph" and _kind(line) == "paragraph":
            block.append(line)
        else:
            if block:
                yield kind, block
            kind, block = _kind(line), [line]
    if block:
        yield kind, block


def render(markdown: str) -> Group:
    """The renderable for `markdown` (math already plain)."""
    parts: list = []
    previous = None
    for kind, lines in _blocks(markdown):
        if parts and not (kind == previous and kind in ("item", "table", "quote")):
            parts.append(Text(""))  # a blank line between blocks, not inside a list or table
        previous = kind
        if kind == "fence":
            parts.append(Text("\n".join("    " + line for line in lines), style=STYLES["code_block"]))
        elif kind == "item":
            indent, marker, text = _ITEM.match(lines[0]).groups()
            bullet = "• " if marker in "-*+" else f"{marker} "
            body = " ".join([text] + [line.strip() for line in lines[1:]])
            parts.append(Hanging(indent + bullet, inline(body)))
        elif kind == "table":
            parts.append(Text(lines[0].strip()))
        elif kind == "heading":
            parts.append(Text(lines[0].lstrip("#").strip(), style=STYLES["heading"]))
        elif kind == "quote":
            parts.append(Hanging("│ ", inline(lines[0].lstrip()[1:].strip())))
        else:
            parts.append(inline(" ".join(line.strip() for line in lines)))
    return Group(*parts)
