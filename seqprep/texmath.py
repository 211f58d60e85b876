"""LaTeX math made readable in a terminal, which cannot typeset it.

    >>> plain_math(r"cost $O(T^2 \\cdot d)$ and $\\sqrt{d_k}$ with $W \\in \\mathbb{R}^{h \\times d}$")
    'cost O(T^2 · d) and √(d_k) with W ∈ ℝ^{h × d}'

Only the delimiters and common macros change; anything unknown is left as
written, so nothing is lost.
"""

from __future__ import annotations

import re

SYMBOLS = {
    r"\times": "×", r"\cdot": "·", r"\in": "∈", r"\infty": "∞", r"\partial": "∂", r"\top": "ᵀ",
    r"\to": "→", r"\rho": "ρ", r"\leftarrow": "←", r"\ell": "ℓ", r"\sum": "Σ", r"\dots": "…",
    r"\ldots": "…", r"\cdots": "⋯", r"\delta": "δ", r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥",
    r"\approx": "≈", r"\pm": "±", r"\mp": "∓", r"\sim": "~", r"\forall": "∀", r"\Sigma": "Σ", r"\odot": "⊙", r"\ne": "≠", r"\neq": "≠", r"\sigma": "σ", r"\propto": "∝",
    r"\prod": "∏", r"\pi": "π", r"\phi": "φ", r"\gg": "≫", r"\ll": "≪", r"\gamma": "γ", r"\alpha": "α",
    r"\beta": "β", r"\lambda": "λ", r"\mu": "μ", r"\theta": "θ", r"\epsilon": "ε", r"\eta": "η",
    r"\nabla": "∇", r"\lVert": "‖", r"\rVert": "‖", r"\|": "‖", r"\left": "", r"\right": "",
    r"\quad": "  ", r"\qquad": "    ", r"\,": " ", r"\;": " ", r"\!": "", r"\{": "{", r"\}": "}", r"\_": "_",
    r"\mathbb{R}": "ℝ", r"\tanh": "tanh", r"\sin": "sin", r"\cos": "cos", r"\max": "max",
    r"\exp": "exp", r"\log": "log", r"\min": "min", r"\softmax": "softmax",
    r"\ln": "ln", r"\tau": "τ", r"\equiv": "≡", r"\mid": "|", r"\varepsilon": "ε", r"\Delta": "Δ",
    r"\omega": "ω", r"\kappa": "κ", r"\nu": "ν", r"\xi": "ξ", r"\psi": "ψ", r"\Omega": "Ω",
    r"\lfloor": "⌊", r"\rfloor": "⌋", r"\lceil": "⌈", r"\rceil": "⌉", r"\langle": "⟨", r"\rangle": "⟩",
    r"\argmax": "argmax", r"\argmin": "argmin", r"\circ": "∘", r"\otimes": "⊗", r"\oplus": "⊕",
    r"\rightarrow": "→", r"\Rightarrow": "⇒", r"\mapsto": "↦", r"\neg": "¬", r"\land": "∧", r"\lor": "∨",
    r"\big": "", r"\Big": "", r"\bigl": "", r"\bigr": "", r"\Bigl": "", r"\Bigr": "",
}
_MACRO = re.compile(r"\\mathbb\{R\}|\\[a-zA-Z]+|\\[,;!{}|_]")
_GROUP = r"\{((?:[^{}]|\{[^{}]*\})*)\}"  # a brace group, one level of nesting inside
_WRAPPERS = re.compile(r"\\(?:text|mathrm|operatorname|mathbf|mathit|boldsymbol|mathcal|mathsf|underbrace)" + _GROUP)
_ACCENTS = {"tilde": "\u0303", "bar": "\u0304", "hat": "\u0302", "vec": "\u20d7", "dot": "\u0307"}
_ACCENT = re.compile(r"\\(tilde|bar|hat|vec|dot)(?![A-Za-z])\s*(?:\{(\w)\}|(\w))")
_BARE_SQRT = re.compile(r"\\sqrt(?![A-Za-z])\s*(\w)")
_SQRT = re.compile(r"\\sqrt" + _GROUP)
_FRAC = re.compile(r"\\[td]?frac" + _GROUP + _GROUP)
_SIMPLE_GROUP = re.compile(r"(_)\{(\w+)\}|(\^)\{(\([^(){}]*\)|\*)\}")  # a name below; (…) or * above
_SPAN = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)


def _convert(tex: str) -> str:
    tex = tex.replace("{,}", ",").replace("\\,", "\u202f")  # digit groups written the TeX way
    tex = _WRAPPERS.sub(r"\1", tex)
    tex = _ACCENT.sub(lambda m: (m.group(2) or m.group(3)) + _ACCENTS[m.group(1)], tex)  # \tilde{x} -> x̃
    tex = _SQRT.sub(r"√(\1)", tex)
    tex = _BARE_SQRT.sub(r"√\1", tex)
    tex = _FRAC.sub(r"(\1)/(\2)", tex)
    tex = _MACRO.sub(lambda m: SYMBOLS.get(m.group(0), m.group(0)), tex)
    return re.sub(r"[ \t]{2,}", " ", tex).strip()


def plain_math(text: str) -> str:
    """Replace every `$...$` / `$$...$$` span by readable Unicode."""
    return _SPAN.sub(lambda m: _convert(m.group(1) if m.group(1) is not None else m.group(2)), text)


def terminal_math(text: str) -> str:
    """`plain_math` with the braces a reader does not need dropped, for the terminal:

        >>> terminal_math(r"$d_{\\mathrm{ff}} \\cdot i^{(-s)}$ and $h_{t-1}$")
        'd_ff · i^(-s) and h_{t-1}'

    (The site's search index keeps `W_{hh}` grouped: it turns it into subscripts.)"""
    def one(match: re.Match) -> str:
        plain = _convert(match.group(1) if match.group(1) is not None else match.group(2))
        return _SIMPLE_GROUP.sub(lambda m: "".join(g for g in m.groups() if g), plain)

    return _SPAN.sub(one, text)


# --- formulas written in plain notation, as TeX -------------------------------------

_FUNCTIONS = {"ln": r"\ln", "log": r"\log", "exp": r"\exp", "max": r"\max", "min": r"\min", "sin": r"\sin",
              "cos": r"\cos", "sum": r"\sum", "log2": r"\log_2", "ceil": r"\operatorname{ceil}",
              "floor": r"\operatorname{floor}"}
_UNICODE = {"·": r"\cdot", "×": r"\times", "Σ": r"\sum", "∝": r"\propto", "≤": r"\le", "≥": r"\ge", "−": "-",
            "τ": r"\tau", "θ": r"\theta", "π": r"\pi", "σ": r"\sigma", "ρ": r"\rho", "⌊": r"\lfloor",
            "⌋": r"\rfloor", "≈": r"\approx", "→": r"\to"}
_TOKEN = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)|(?P<number>\d+(?:\.\d+)?)|(?P<space>\s+)"
                    r"|(?P<other>.)", re.S)
_TEXT_WORDS = {"or", "if", "of"}


def _is_word(name: str) -> bool:
    """A word of prose inside a formula ("bytes", "with", "num_layers"), not a product of
    variables ("sbh", "LTd"), a name (`d_ff`, `MFU`) or a function (`max`, `sum_k`)."""
    head = name.split("_")[0]
    if head in _FUNCTIONS:
        return False
    if "_" in name:
        return len(head) > 1 and head.islower()
    return name in _TEXT_WORDS or (len(name) >= 3 and name.isalpha() and name.islower()
                                   and bool(re.search(r"[aeiouy]", name)))


def _name(name: str) -> str:
    """`d_ff` -> `d_{\\mathrm{ff}}`, `p_i` -> `p_i`, `PPL_A` -> `\\mathrm{PPL}_A`, `MFU` -> `\\mathrm{MFU}`."""
    head, _, sub = name.partition("_")
    head_tex = _FUNCTIONS.get(head) or (rf"\mathrm{{{head}}}" if len(head) > 1 and head.isalpha() and head.isupper()
                                        else head)
    if not sub:
        return head_tex
    return f"{head_tex}_{sub}" if len(sub) == 1 or sub.isdigit() else rf"{head_tex}_{{\mathrm{{{sub}}}}}"


def _text(words: str) -> str:
    return r"\text{" + words.replace("_", r"\_") + "}"


def tex_formula(formula: str) -> str:
    """A formula as the bank writes it (`h^2 + h d`, `2 · n_layers · d_head`, `ceil(x / m) * m`)
    as TeX for KaTeX and MathJax. A formula that already uses TeX macros is kept as written.

        >>> tex_formula("4 d^2 + 4 d (with bias), n_kv · d_head · bytes")
        '4 d^2 + 4 d \\\\text{(with bias)}, n_{\\\\mathrm{kv}} \\\\cdot d_{\\\\mathrm{head}} \\\\cdot \\\\text{ bytes}'

    `terminal_math("$" + tex_formula(f) + "$")` reads like `f` again in the terminal.
    """
    if re.search(r"\\[A-Za-z]", formula):
        return formula
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(formula)]
    out: list[str] = []
    closers: list[str] = []  # for each open ( or {: what closes it
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        after = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        if kind == "other" and text == "(" and (out and out[-1] == "^"):
            out.append("{(")
            closers.append(")}")
        elif kind == "other" and text == "(":
            inner, end = _group(tokens, i)
            if inner is not None and sum(_is_word(t) and t not in _TEXT_WORDS for k, t in inner if k == "name") >= 2:
                out.append(_text("(" + "".join(t for _, t in inner) + ")"))  # "(n a power of two)"
                i = end + 1
                continue
            out.append("(")
            closers.append(")")
        elif kind == "other" and text == ")":
            out.append(closers.pop() if closers else ")")
        elif kind == "other" and text == "{":
            grouping = bool(out) and out[-1] in ("^", "_")
            out.append("{" if grouping else r"\{")
            closers.append("}" if grouping else r"\}")
        elif kind == "other" and text == "}":
            out.append(closers.pop() if closers else r"\}")
        elif kind == "other" and text == "*":
            before = tokens[i - 1][0] if i else ""
            out.append("^{*}" if before == "name" and not after.strip() else r"\cdot ")
        elif kind == "other" and text == "√":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
            root = _name(nxt[1]) if nxt[0] == "name" else nxt[1]
            out.append(rf"\sqrt {root}" if len(root) == 1 else rf"\sqrt{{{root}}}")
            i += 2
            continue
        elif kind == "other":
            macro = _UNICODE.get(text, text)
            out.append(macro + " " if macro[0] == "\\" and after[:1].isalnum() else macro)
        elif kind == "name" and text == "sqrt" and after == "(":
            out.append(r"\sqrt{")
            closers.append("}")
            i += 2  # the "(" is replaced by the brace
            continue
        elif kind == "name" and text in _FUNCTIONS or text.split("_")[0] in _FUNCTIONS:
            out.append(_name(text) + (" " if after[:1].isalnum() else ""))
        elif kind == "name" and _is_word(text):
            words = [text]
            j = i + 1
            while j + 1 < len(tokens) and tokens[j][0] == "space" and tokens[j + 1][0] == "name" \
                    and _is_word(tokens[j + 1][1]) and tokens[j + 1][1] not in _FUNCTIONS:
                words.append(tokens[j + 1][1])
                j += 2
            spaced_before = bool(out) and i and tokens[i - 1][0] == "space"
            spaced_after = j < len(tokens) and tokens[j][0] == "space"
            out.append(_text((" " if spaced_before else "") + " ".join(words) + (" " if spaced_after else "")))
            i = j
            continue
        elif kind == "name":
            out.append(_name(text))
        elif kind == "space":
            out.append(" ")
        else:
            out.append(text)
        i += 1
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _group(tokens: list, start: int):
    """The tokens inside the parentheses that open at `start`, and the index of the closing one."""
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j][1] == "(":
            depth += 1
        elif tokens[j][1] == ")":
            depth -= 1
            if depth == 0:
                return tokens[start + 1:j], j
    return None, start
