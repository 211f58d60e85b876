"""Touches to a page's HTML after Markdown (mkdocs `on_page_content`).

* `zoomable_figures`: every figure drawn by the code links to its own SVG, so a
  tap on a phone opens it full screen, where it can be zoomed:
  `<img src="../assets/figures/x.svg">` → `<a class="figure-zoom" href="../assets/figures/x.svg"><img …></a>`.
* `exclude_code_dumps`: the collapsible whole-file listings (`??? example "answers/x.py"`,
  a summary that is a `.py` path) get `data-search-exclude`, which Material's search plugin honours, so code
  files do not flood the search results.

    >>> zoomable_figures('<p><img alt="a" src="../assets/figures/x.svg" /></p>', "ru")
    '<p><a class="figure-zoom" href="../assets/figures/x.svg" title="Открыть рисунок целиком"><img alt="a" src="../assets/figures/x.svg" /></a></p>'
"""

from __future__ import annotations

import re

_IMG = re.compile(r'(<a\b[^>]*>\s*)?(<img\b[^>]*\bsrc="([^"]*assets/figures/[^"]+\.svg)"[^>]*>)')
_DUMP = re.compile(r'<details class="example">(\s*<summary>[\w./-]+\.py</summary>)')
ZOOM_TITLE = {"ru": "Открыть рисунок целиком", "en": "Open the full-size figure"}


def zoomable_figures(html: str, lang: str) -> str:
    def wrap(match: re.Match) -> str:
        if match.group(1):  # already inside a link
            return match.group(0)
        img, src = match.group(2), match.group(3)
        return f'<a class="figure-zoom" href="{src}" title="{ZOOM_TITLE[lang]}">{img}</a>'

    return _IMG.sub(wrap, html)


def exclude_code_dumps(html: str) -> str:
    return _DUMP.sub(r'<details class="example" data-search-exclude>\1', html)
