"""A numeric question's formula is shown as math everywhere: `texmath.tex_formula` turns the
bank's plain notation into TeX that KaTeX (the site) and MathJax (Anki) typeset, and that the
terminal reads back as the formula the bank wrote."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from paths import ROOT
from seqprep.bank import load_bank
from seqprep.texmath import terminal_math, tex_formula


def formulas() -> list[str]:
    return sorted({q.formula for q in load_bank().select(kind="numeric")})


def _same(text: str) -> str:
    """What must survive the round trip: the symbols, not spacing, braces or how a product is written."""
    text = text.replace("sqrt", "√").replace("log2", "log_2").replace("^*", "*").replace("sum_", "Σ_")
    text = re.sub(r"\\[a-z]+", lambda m: {r"\cdot": "·", r"\sin": "sin", r"\cos": "cos", r"\rho": "ρ",
                                          r"\text": ""}.get(m.group(0), m.group(0)), text)
    return re.sub(r"[\s{}]", "", text).replace("*", "·").replace("−", "-").replace(r"\;", "")


@pytest.mark.parametrize("formula", formulas())
def test_the_terminal_reads_the_formula_back(formula):
    assert _same(terminal_math("$" + tex_formula(formula) + "$")) == _same(formula)


@pytest.mark.parametrize("plain,tex", [
    ("T (h^2 + h d)", "T (h^2 + h d)"),
    ("2 · n_layers · d_head · bytes", r"2 \cdot n_{\mathrm{layers}} \cdot d_{\mathrm{head}} \cdot \text{ bytes}"),
    ("ceil(x / m) * m", r"\operatorname{ceil}(x / m) \cdot m"),
    ("PPL_A^(tokens / n)", r"\mathrm{PPL}_A^{(\text{tokens } / n)}"),
    ("m_h = 2^{-8h/n} (n a power of two)", r"m_h = 2^{-8h/n} \text{(n a power of two)}"),
    ("|{(i, j): i ≤ w or j < g}|", r"|\{(i, j): i \le w \text{ or } j < g\}|"),
    ("σ √d", r"\sigma \sqrt d"), ("sqrt(d_model / h)", r"\sqrt{d_{\mathrm{model}} / h}"),
    ("B* = x", "B^{*} = x"), (r"\rho^k", r"\rho^k"),
])
def test_plain_notation_becomes_tex(plain, tex):
    assert tex_formula(plain) == tex


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (the site's KaTeX runs in node here)")
def test_katex_typesets_every_formula_of_the_bank(tmp_path):
    items = tmp_path / "formulas.json"
    items.write_text(json.dumps([tex_formula(f) for f in formulas()]), encoding="utf-8")
    script = ("const katex = require(process.argv[1]);"
              "const items = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));"
              "for (const t of items) { try { katex.renderToString(t, {throwOnError: true, strict: 'error'}); }"
              " catch (e) { console.log(t + ' :: ' + e.message); } }")
    result = subprocess.run(["node", "-e", script, str(ROOT / "site/assets/katex/katex.min.js"), str(items)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
