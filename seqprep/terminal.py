"""The terminal without rich: styled, wrapped text, panels and the bank's Markdown.

Importing rich costs about four bare Python starts, and the quiz has to show its
first question within ten (benchmarks/tool_latency.py), so the quiz and `show`
print through this small module instead. It renders the part of Markdown the
bank uses:

* paragraphs (lines joined and wrapped), `# headings` (bold), `> quotes` (│ in front);
* `- ` / `* ` / `1. ` list items, wrapped with a hanging indent;
* fenced code blocks, indented and shown as written;
* table rows (`| a | b |`), kept as written;
* inline `**bold**`, `*italic*` / `_italic_`, `` `code` `` and `[text](url)`.

Math is not handled here: `texmath.plain_math` turns it into Unicode first.
Styles (ANSI) are written only to a terminal, and never with NO_COLOR set.

    >>> screen = Screen(io.StringIO(), width=24)
    >>> screen.markdown("Some **bold** text that wraps.\\n\\n- one item\\n- `two`")
    >>> print(screen.file.getvalue(), end="")
    Some bold text that
    wraps.
    <BLANKLINE>
    • one item
    • two
"""

from __future__ import annotations

import io  # noqa: F401 - the docstring's example
import os
import re
import shutil
import sys
from typing import Optional, TextIO

CODES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "red": "31", "green": "32", "yellow": "33",
         "cyan": "36"}
STYLE = {"bold": "bold", "italic": "italic", "code": "bold cyan", "code_block": "cyan", "quote": "dim",
         "heading": "bold underline", "link": "underline"}

# for a stream that cannot encode them (an ASCII or Latin-1 terminal): what to write instead;
# any other character it cannot encode becomes "?" (seqprep.console.safe_streams)
_ASCII = str.maketrans({"╭": "+", "╮": "+", "╰": "+", "╯": "+", "─": "-", "│": "|", "•": "*", "✔": "+", "✘": "x",
                        "—": "-", "–": "-", "…": "...", "«": '"', "»": '"', "→": "->", "×": "x", "·": ".",
                        "\u202f": " ", "\u00a0": " ", "−": "-", "≤": "<=", "≥": ">=", "≈": "~", "’": "'"})
_SYMBOLS = "".join(chr(c) for c in _ASCII)


def encodes(file, text: str) -> bool:
    """Whether `file` (a text stream) can write `text` as its encoding stands."""
    encoding = getattr(file, "encoding", None)
    if not encoding:
        return True  # io.StringIO and the like hold any text
    try:
        text.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


Span = tuple[str, str]  # (text, style: space-separated names from CODES, or "")

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_INLINE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"                 # **bold**
                     r"|(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\3(?![\w*])"  # *italic*
                     r"|(`+)(.+?)\5"                                  # `code`
                     r"|\[([^\]]+)\]\(([^)\s]+)\)")                   # [text](url)


def inline(text: str, style: str = "") -> list[Span]:
    """`inline("a **b** `c`")` -> [("a ", ""), ("b", "bold"), (" ", ""), ("c", "bold cyan")]."""
    spans: list[Span] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            spans.append((text[pos:match.start()], style))
        bold, italic, code, (label, url) = match.group(2), match.group(4), match.group(6), match.group(7, 8)
        if bold is not None:
            spans += inline(bold, f"{style} {STYLE['bold']}".strip())
        elif italic is not None:
            spans.append((italic, f"{style} {STYLE['italic']}".strip()))
        elif code is not None:
            spans.append((code.strip(), STYLE["code"]))
        else:
            spans += [(label, STYLE["link"]), (f" ({url})", style)]
        pos = match.end()
    if pos < len(text):
        spans.append((text[pos:], style))
    return spans


def wrap(spans: list[Span], width: int, first: str = "", rest: str = "") -> list[list[Span]]:
    """Lines of at most `width` characters, broken between words; `first` goes in front
    of the first line and `rest` in front of the others (a hanging indent)."""
    words: list[list[Span]] = [[]]  # words with their styles; a space ends a word
    for text, style in spans:
        for part in re.split(r"( +)", text.replace("\n", " ")):
            if not part:
                continue
            if part.startswith(" "):
                words.append([])
            else:
                words[-1].append((part, style))
    lines: list[list[Span]] = []
    line: list[Span] = [(first, "")]
    used = len(first)
    for word in (w for w in words if w):
        size = sum(len(t) for t, _ in word)
        if used > len(line[0][0]) and used + 1 + size > width:
            lines.append(line)
            line, used = [(rest, "")], len(rest)
        elif used > len(line[0][0]):
            line.append((" ", ""))
            used += 1
        while used + size > width and width - used > 0:  # a word longer than the line: cut it
            cut = width - used
            head, word = _split_word(word, cut)
            line += head
            lines.append(line)
            line, used = [(rest, "")], len(rest)
            size -= cut
        line += word
        used += size
    lines.append(line)
    return lines


def _split_word(word: list[Span], at: int) -> tuple[list[Span], list[Span]]:
    head, tail, count = [], [], 0
    for text, style in word:
        if count >= at:
            tail.append((text, style))
        elif count + len(text) <= at:
            head.append((text, style))
        else:
            head.append((text[: at - count], style))
            tail.append((text[at - count:], style))
        count += len(text)
    return head, tail


def _kind(line: str) -> str:
    if _ITEM.match(line):
        return "item"
    return {"|": "table", "#": "heading", ">": "quote"}.get(line.lstrip()[:1], "paragraph")


def blocks(markdown: str):
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


def render(markdown: str, width: int) -> list[list[Span]]:
    """The lines of `markdown` (math already plain) at `width` characters."""
    lines: list[list[Span]] = []
    previous = None
    for kind, block in blocks(markdown):
        if lines and not (kind == previous and kind in ("item", "table", "quote")):
            lines.append([])  # a blank line between blocks, not inside a list or a table
        previous = kind
        if kind == "fence":
            lines += [[("    " + line, STYLE["code_block"])] for line in block]
        elif kind == "item":
            indent, marker, text = _ITEM.match(block[0]).groups()
            bullet = indent + ("• " if marker in "-*+" else f"{marker} ")
            body = " ".join([text] + [line.strip() for line in block[1:]])
            lines += wrap(inline(body), width, bullet, " " * len(bullet))
        elif kind == "table":
            lines.append([(block[0].strip(), "")])
        elif kind == "heading":
            lines += wrap(inline(block[0].lstrip("#").strip(), STYLE["heading"]), width)
        elif kind == "quote":
            lines += wrap(inline(block[0].lstrip()[1:].strip()), width, "│ ", "│ ")
        else:
            lines += wrap(inline(" ".join(line.strip() for line in block)), width)
    return lines


class Screen:
    """Where the quiz and `show` write: a file (stdout), its width, and whether to style.

    `Screen.like(console)` takes the file and width of anything that has them
    (another Screen, or a rich Console a caller already has)."""

    def __init__(self, file: Optional[TextIO] = None, width: Optional[int] = None, color: Optional[bool] = None):
        self.file = file if file is not None else sys.stdout
        self.width = width or shutil.get_terminal_size((80, 24)).columns
        if color is None:
            color = (hasattr(self.file, "isatty") and self.file.isatty() and not os.environ.get("NO_COLOR")
                     and os.environ.get("TERM") != "dumb")
        self.color = color
        self.plain = not encodes(self.file, _SYMBOLS)  # e.g. PYTHONIOENCODING=ascii: ASCII frames and marks

    def _write(self, text: str) -> None:
        self.file.write(text.translate(_ASCII) if self.plain else text)
        self.file.flush()

    @classmethod
    def like(cls, console) -> "Screen":
        return cls(console.file, console.width)

    def styled(self, text: str, style: str) -> str:
        if not (self.color and style and text):
            return text
        return f"\x1b[{';'.join(CODES[s] for s in style.split())}m{text}\x1b[0m"

    def _line(self, spans: list[Span]) -> str:
        return "".join(self.styled(text, style) for text, style in spans).rstrip()

    def print(self, text: str = "", style: str = "") -> None:
        """One or more lines as they are (no wrapping, no Markdown)."""
        self._write(self.styled(text, style) + "\n")

    def markdown(self, markdown: str, indent: str = "") -> None:
        width = self.width - len(indent)
        self._write("".join(indent + self._line(line) + "\n" for line in render(markdown, width)))

    def hanging(self, first: str, markdown_line: str) -> None:
        """One wrapped line of inline Markdown with `first` in front (an option: `  2. text`)."""
        lines = wrap(inline(markdown_line), self.width, first, " " * len(first))
        self._write("".join(self._line(line) + "\n" for line in lines))

    def panel(self, title: str, markdown: str) -> None:
        """`markdown` in a box with `title` on its top edge."""
        inner = max(10, self.width - 4)
        title = title if len(title) <= inner - 2 else title[: inner - 3] + "…"
        out = ["╭─ " + title + " " + "─" * max(0, inner - len(title) - 1) + "╮"]
        for line in render(markdown, inner):
            used = sum(len(text) for text, _ in line)
            out.append("│ " + "".join(self.styled(t, s) for t, s in line) + " " * max(0, inner - used) + " │")
        out.append("╰" + "─" * (inner + 2) + "╯")
        self._write("\n".join(out) + "\n")

    def rule(self, title: str) -> None:
        side = max(3, (self.width - len(title) - 2) // 2)
        self.print("─" * side + " " + title + " " + "─" * (self.width - side - len(title) - 2))

    def input(self, prompt: str) -> str:
        self._write(self.styled(prompt.rstrip(), "bold") + " ")
        return input()
