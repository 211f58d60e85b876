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
    r"\quad": "  ", r"\qquad": "    ", r"\,": " ", r"\;": " ", r"\!": "", r"\{": "{", r"\}": "}",
    r"\mathbb{R}": "ℝ", r"\tanh": "tanh", r"\sin": "sin", r"\cos": "cos", r"\max": "max",
    r"\exp": "exp", r"\log": "log", r"\min": "min", r"\softmax": "softmax",
    r"\ln": "ln", r"\tau": "τ", r"\equiv": "≡", r"\mid": "|", r"\varepsilon": "ε", r"\Delta": "Δ",
    r"\omega": "ω", r"\kappa": "κ", r"\nu": "ν", r"\xi": "ξ", r"\psi": "ψ", r"\Omega": "Ω",
    r"\lfloor": "⌊", r"\rfloor": "⌋", r"\lceil": "⌈", r"\rceil": "⌉", r"\langle": "⟨", r"\rangle": "⟩",
    r"\argmax": "argmax", r"\argmin": "argmin", r"\circ": "∘", r"\otimes": "⊗", r"\oplus": "⊕",
    r"\rightarrow": "→", r"\Rightarrow": "⇒", r"\mapsto": "↦", r"\neg": "¬", r"\land": "∧", r"\lor": "∨",
    r"\big": "", r"\Big": "", r"\bigl": "", r"\bigr": "", r"\Bigl": "", r"\Bigr": "",
}
_MACRO = re.compile(r"\\mathbb\{R\}|\\[a-zA-Z]+|\\[,;!{}|]")
_GROUP = r"\{((?:[^{}]|\{[^{}]*\})*)\}"  # a brace group, one level of nesting inside
_WRAPPERS = re.compile(r"\\(?:text|mathrm|operatorname|mathbf|mathit|boldsymbol|mathcal|mathsf|underbrace)" + _GROUP)
_ACCENTS = {"tilde": "\u0303", "bar": "\u0304", "hat": "\u0302", "vec": "\u20d7", "dot": "\u0307"}
_ACCENT = re.compile(r"\\(tilde|bar|hat|vec|dot)(?![A-Za-z])\s*(?:\{(\w)\}|(\w))")
_BARE_SQRT = re.compile(r"\\sqrt(?![A-Za-z])\s*(\w)")
_SQRT = re.compile(r"\\sqrt" + _GROUP)
_FRAC = re.compile(r"\\[td]?frac" + _GROUP + _GROUP)
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
