"""Search per language, without raw LaTeX.

mkdocs-static-i18n builds one search index for both languages at
`search/search_index.json`, and every page, English ones included, loads it
(Material fetches `<base>/search/search_index.json`, and the base of an English
page is the site root). So an English search listed Russian pages first.

After the build, `split_index` writes two indexes: the root one keeps the
Russian pages, `en/search/search_index.json` gets the English ones (locations
made relative to `en/`), and `localize_base` points the `base` of every English
page at `en/`, so its search loads its own index and its results link into `en/`.
Both indexes get math as readable Unicode (`\\(\\sqrt{d_k}\\)` → `√dₖ`): search
results are plain text, where KaTeX cannot run reliably (highlighting splits formulas).

    >>> unicode_math(r"\\sqrt{d_k}"), unicode_math(r"4d^2 + 4d"), unicode_math(r"W_{hh}")
    ('√dₖ', '4d² + 4d', 'Wₕₕ')
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from seqprep.texmath import plain_math

SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
SUP = dict(zip("0123456789+-=()inT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵀ"))
_SCRIPT = re.compile(r"([_^])(\{([^{}]*)\}|\(([^()]*)\)|([A-Za-z0-9]))")
_SIZING = re.compile(r"\\(?:[bB]igg?[lrm]?|displaystyle|textstyle|left|right)(?![A-Za-z])")
_SPAN = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)


def _script(match: re.Match) -> str:
    mark = match.group(1)
    body = next(g for g in match.groups()[2:] if g is not None)
    table = SUB if mark == "_" else SUP
    if body and all(ch in table for ch in body):
        return "".join(table[ch] for ch in body)
    return mark + body


def unicode_math(tex: str) -> str:
    """LaTeX as readable Unicode: texmath's macros, then sub- and superscripts where Unicode has them."""
    tex = _SIZING.sub("", tex)
    tex = re.sub(r"\\(?:mathcal|mathsf|mathtt|mathscr|mathfrak|hat|bar|tilde|vec)\{([^{}]*)\}", r"\1", tex)
    text = plain_math(f"${tex}$")
    text = re.sub(r"√\(([^()]*)\)", lambda m: "√" + m.group(1) if re.fullmatch(r"[\w_^{}]+", m.group(1))
                  else m.group(0), text)
    text = _SCRIPT.sub(_script, text)
    text = re.sub(r"\^(?=[ᵀ⁰¹²³⁴⁵⁶⁷⁸⁹ⁱⁿ])", "", text)
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text)  # an unknown macro: its name, never a backslash
    return re.sub(r"\\(.)", r"\1", text).replace("{", "").replace("}", "")


def plain_text(text: str) -> str:
    """Every `\\( … \\)` and `\\[ … \\]` span of arithmatex's output replaced by `unicode_math`."""
    return _SPAN.sub(lambda m: unicode_math(m.group(1) if m.group(1) is not None else m.group(2)), text)


def _is_english(location: str) -> bool:
    return location == "en/" or location.startswith(("en/", "en#"))


def split_index(site_dir: Path) -> dict[str, int]:
    """Write the Russian and the English index; returns how many entries each got.

    Idempotent: run on an index already split, it leaves the same two files."""
    root = site_dir / "search" / "search_index.json"
    en_path = site_dir / "en" / "search" / "search_index.json"
    if not root.is_file():
        return {}
    index = json.loads(root.read_text(encoding="utf-8"))
    docs = index["docs"]
    ru = [d for d in docs if not _is_english(d["location"])]
    en = [dict(d, location=d["location"][3:] if d["location"].startswith("en/") else d["location"][2:])
          for d in docs if _is_english(d["location"])]
    if not en and en_path.is_file():  # already split: keep the English index
        en = json.loads(en_path.read_text(encoding="utf-8"))["docs"]
    for doc in ru + en:
        doc["title"] = plain_text(doc["title"])
        doc["text"] = plain_text(doc["text"])
    root.write_text(json.dumps(dict(index, docs=ru), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    en_path.parent.mkdir(parents=True, exist_ok=True)
    en_path.write_text(json.dumps(dict(index, docs=en), ensure_ascii=False, separators=(",", ":")),
                       encoding="utf-8")
    return {"ru": len(ru), "en": len(en)}


_BASE = re.compile(r'("base":\s*")([^"]*)(")')


def localize_base(output: str, page_url: str) -> str:
    """On an English page (url `en/...`), make Material's base the English root `en/`."""
    if not (page_url == "en/" or page_url.startswith("en/")):
        return output

    def patch(match: re.Match) -> str:
        base = match.group(2).rstrip("/") or "."
        return f"{match.group(1)}{base}/en/{match.group(3)}"

    return _BASE.sub(patch, output, count=1)


def site_root(site_dir: Path) -> Path:
    """The folder with the joint index: mkdocs-static-i18n may leave site_dir at the `en/` build."""
    if site_dir.name == "en" and (site_dir.parent / "search" / "search_index.json").is_file():
        return site_dir.parent
    return site_dir
