"""Formulas typed in answers and key points, in a canonical form: the same expression
up to spacing, implicit multiplication and the order of factors and terms compares equal.

    >>> parse("4 T d^2") == parse("4Td^2") == parse("4 d^2 T")
    True
    >>> parse("O(T (h^2 + h d))") == parse("T h^2 + T h d")
    True
    >>> parse("T^3") == parse("T^2 d")
    False
    >>> str(parse("h^2+hd"))
    'd*h + h^2'

The rules, kept simple on purpose:

* a run of letters is a product of one-letter variables (`hd` is h·d, `QK` is Q·K),
  except a name with a subscript (`d_k`, `d_ff`, `W_hh`, `in_proj_weight`: one
  variable) and a name of two or more letters followed by `(` (`sqrt(d_k)`,
  `softmax(x)`, `cat(a, b)`: a function call);
* one letter followed by `(` multiplies: `T(h^2 + hd)` is T·(h² + hd);
* products distribute over sums and equal monomials add up with exact (fraction)
  coefficients; `x / y` is x·y⁻¹ when y is a monomial; `sqrt(x)` is x^(1/2);
* `O(...)` is dropped: `O(T^2 d)` is `T^2 d` (a coefficient inside still counts);
* `^T` (as in `QK^T`) is a power like any other, written the same on both sides;
* Unicode superscripts, `·`, `×`, `√`, `ᵀ` and light LaTeX (`\\sqrt{}`, `\\top`,
  `\\cdot`, `\\frac{}{}`, `_{hh}`) are read as their plain forms.

A text that does not parse is a `Formula` of its text without spaces, equal only to
the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Optional

# a monomial: sorted ((variable, exponent), ...); a polynomial: {monomial: coefficient}
Monomial = tuple
MAX_POWER = 6

_SUPERSCRIPTS = str.maketrans({"²": "^2", "³": "^3", "⁴": "^4", "ᵀ": "^T", "⁻": "^-", "¹": "1"})
_LATEX = [
    (re.compile(r"\\(?:left|right|bigl|bigr|big|Big|quad|[,;!])"), " "),
    (re.compile(r"\\(?:operatorname|mathrm|text|mathbf|mathit|mathbb|mathcal|boldsymbol)\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}"), r"(\1)/(\2)"),
    (re.compile(r"\\sqrt\{([^{}]*)\}"), r"sqrt(\1)"),
    (re.compile(r"\\(?:top|intercal)\b"), "T"),
    (re.compile(r"\\(?:cdot|times|ast|odot|circ|otimes)\b"), "*"),
    (re.compile(r"\\(?:begin|end)\{[^{}]*\}|&"), " "),
    (re.compile(r"\\\\"), ", "),  # a LaTeX line break ends a formula
    (re.compile(r"_\{([^{}]*)\}"), lambda m: "_" + re.sub(r"\W", "", m.group(1))),
    (re.compile(r"\^\{([^{}]*)\}"), r"^(\1)"),
]
_COMMAND = re.compile(r"\\([A-Za-z]+)")  # any other \name: the name
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?(?:e-?\d+)?)|([A-Za-zα-ωΑ-Ω]+(?:_[A-Za-z0-9]+)*)|(.))")


def plain(text: str) -> str:
    """Unicode and light LaTeX written as the plain ASCII this module parses."""
    s = text.translate(_SUPERSCRIPTS).replace("·", "*").replace("×", "*").replace("⋅", "*")
    s = re.sub(r"√\s*(\w+)", r"sqrt(\1)", s.replace("−", "-").replace("$", " "))
    for _ in range(4):  # inner first: \frac{a}{\sqrt{b}} needs two passes
        before = s
        for pattern, replacement in _LATEX:
            s = pattern.sub(replacement, s)
        if s == before:
            break
    return _COMMAND.sub(r"\1", s).replace("{", "(").replace("}", ")")


@dataclass(frozen=True)
class Formula:
    """A polynomial in canonical form (or, when the text did not parse, the text itself)."""

    terms: tuple  # ((monomial, coefficient), ...) sorted
    text: str = ""  # only for a formula that did not parse
    parts: tuple = field(default=(), compare=False)  # Formulas inside: call arguments, kept powers

    def __str__(self) -> str:
        if self.text:
            return self.text
        return " + ".join(_term(m, c) for m, c in self.terms) or "0"

    def is_atom(self) -> bool:
        """One variable or one number: a word more than a formula."""
        if self.text:
            return not re.search(r"[^\w]", self.text)
        if len(self.terms) != 1:
            return False
        monomial, coefficient = self.terms[0]
        if not monomial:
            return True  # a number
        (name, exponent), *rest = monomial
        return not rest and exponent == 1 and coefficient == 1 and bool(re.fullmatch(r"\w+", name))

    def contains(self, other: "Formula") -> bool:
        """Does this formula (of an answer) say `other` (of a key point)?

        Yes when every term of `other` is a term here (`4Td^2 + 2T^2 d` says `2 T^2 d`); a
        term of `other` without a coefficient takes any (`T^2 d` is said by `2T^2 d`); a
        one-term `other` may also be a factor of a term here whose other factors only divide
        or are functions (`QK^T / sqrt(d_k)` says `QK^T`, `T^2 d h` does not say `T^2 d`),
        multiplying or dividing (`/ sqrt(d_k)` says `sqrt(d_k)`).
        Formulas that did not parse: a part of the text.
        """
        if self.text or other.text:
            return bool(other.text) and other.text in (self.text or str(self))
        mine = dict(self.terms)
        if all(_said(m, c, mine) for m, c in other.terms):
            return True
        if len(other.terms) != 1:
            return False
        (wanted, coefficient), = other.terms
        return any(_factor_of(wanted, m) and coefficient in (1, c) for m, c in self.terms)

    def is_polynomial(self) -> bool:
        """Only plain variables and numbers: no function, kept power or unparsed text."""
        return not self.text and all(re.fullmatch(r"\w+", v) for m, _ in self.terms for v, _ in m)

    def variables(self) -> set:
        """Every variable name in it (inside functions and kept powers too)."""
        out = set()
        for piece in self.pieces():
            out |= set(re.findall(r"\w+", piece.text)) if piece.text else set()
            out |= {v for monomial, _ in piece.terms for v, _ in monomial if re.fullmatch(r"\w+", v)}
        return out

    def pieces(self):
        """This formula and every formula inside it."""
        yield self
        for part in self.parts:
            yield from part.pieces()


def parse(text: str) -> Formula:
    s = plain(text)
    try:
        parser = _Parser(s)
        poly = parser.expression()
        if parser.peek() is not None:
            raise ValueError(f"unexpected {parser.peek()!r}")
    except (ValueError, ZeroDivisionError, RecursionError):
        return Formula((), re.sub(r"\s+", "", s))
    return Formula(_sorted(poly), parts=tuple(Formula(_sorted(p)) for p in parser.parts))


def _sorted(poly: dict) -> tuple:
    return tuple(sorted((m, c) for m, c in poly.items() if c != 0))


def _said(monomial: Monomial, coefficient: Fraction, terms: dict) -> bool:
    return monomial in terms and coefficient in (1, terms[monomial])


def _factor_of(small: Monomial, big: Monomial) -> bool:
    """`small`'s factors are all in `big` and `big`'s others only divide or are functions;
    or `small` divides `big`."""
    if small and all(dict(big).get(v) == -e for v, e in small):
        return True  # a divisor: QK^T / sqrt(d_k) says sqrt(d_k)
    extra = dict(big)
    for variable, exponent in small:
        if extra.pop(variable, None) != exponent:
            return False
    return bool(small) and all(not re.fullmatch(r"\w+", v) or e <= 0 or e.denominator != 1
                               for v, e in extra.items())


def _term(monomial: Monomial, coefficient: Fraction) -> str:
    factors = [v if e == 1 else f"{v}^{e}" for v, e in monomial]
    if coefficient != 1 or not factors:
        factors.insert(0, str(coefficient))
    return "*".join(factors)


# --- polynomial arithmetic --------------------------------------------------------


def _const(value) -> dict:
    return {(): Fraction(value)}


def _var(name: str) -> dict:
    return {((name, Fraction(1)),): Fraction(1)}


def _add(a: dict, b: dict, sign: int = 1) -> dict:
    out = dict(a)
    for m, c in b.items():
        out[m] = out.get(m, 0) + sign * c
    return {m: c for m, c in out.items() if c != 0}


def _mul(a: dict, b: dict) -> dict:
    out: dict = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            exps: dict = dict(ma)
            for v, e in mb:
                exps[v] = exps.get(v, 0) + e
            m = tuple(sorted((v, e) for v, e in exps.items() if e != 0))
            out[m] = out.get(m, 0) + ca * cb
    return {m: c for m, c in out.items() if c != 0}


def _pow(base: dict, exponent: dict) -> dict:
    number = _number(exponent)
    if number is not None and number.denominator == 1 and 0 <= number <= MAX_POWER:
        out = _const(1)
        for _ in range(int(number)):
            out = _mul(out, base)
        return out
    if number is not None and len(base) == 1:  # a monomial to a negative or fractional power
        (monomial, coefficient), = base.items()
        if coefficient == 1 or number.denominator == 1:  # the coefficient stays an exact fraction
            scale = Fraction(1) if coefficient == 1 else coefficient ** int(number)
            return {tuple((v, e * number) for v, e in monomial): scale}
    return None


def _number(poly: dict) -> Optional[Fraction]:
    if not poly:
        return Fraction(0)
    if list(poly) == [()]:
        return poly[()]
    return None


def _key(poly: dict) -> str:
    return str(Formula(tuple(sorted(poly.items()))))


# --- the parser ---------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        self.tokens = []
        for match in _TOKEN.finditer(text):
            number, name, other = match.groups()
            if number:
                self.tokens.append(("num", number))
            elif name and ("_" in name or (len(name) > 1 and text[match.end():].lstrip().startswith("("))):
                self.tokens.append(("name", name))  # d_k, W_hh; sqrt(, softmax(
            elif name:  # Td, QK: one variable per letter
                self.tokens.extend(("name", letter) for letter in name)
            elif other.strip():
                self.tokens.append(("op", other))
        self.at = 0
        self.parts: list[dict] = []  # what opaque names stand for, to be searched too

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, op: Optional[str] = None):
        token = self.peek()
        if token is None or (op is not None and token != ("op", op)):
            raise ValueError(f"expected {op!r}")
        self.at += 1
        return token

    def expression(self) -> dict:
        sign = -1 if self.peek() == ("op", "-") else 1
        if self.peek() in (("op", "-"), ("op", "+")):
            self.take()
        total = _mul(_const(sign), self.term())
        while self.peek() in (("op", "+"), ("op", "-")):
            sign = 1 if self.take()[1] == "+" else -1
            total = _add(total, self.term(), sign)
        return total

    def term(self) -> dict:
        product = self.power()
        while True:
            token = self.peek()
            if token in (("op", "*"), ("op", "/")):
                self.take()
                factor = self.power()
                if token[1] == "/":
                    inverse = _pow(factor, _const(-1))
                    if inverse is None:
                        self.parts.append(factor)
                        inverse = _var(f"1/({_key(factor)})")
                    factor = inverse
                product = _mul(product, factor)
            elif token is not None and (token[0] != "op" or token[1] == "("):  # implicit ·
                product = _mul(product, self.power())
            else:
                return product

    def power(self) -> dict:
        base = self.atom()
        if self.peek() == ("op", "^"):
            self.take()
            token = self.peek()
            if token == ("op", "("):
                self.take()
                exponent = self.expression()
                self.take(")")
            elif token == ("op", "-"):
                self.take()
                exponent = _const(-Fraction(self.take()[1]))
            elif token is not None and token[0] == "num":
                exponent = _const(Fraction(self.take()[1]))
            elif token is not None and token[0] == "name":
                exponent = _var(self.take()[1])  # ^T, ^k
            else:
                raise ValueError("exponent")
            powered = _pow(base, exponent)
            if powered is None:  # kept whole: (h + d)^T
                self.parts += [base, exponent]
                powered = _var(f"({_key(base)})^({_key(exponent)})")
            return powered
        return base

    def atom(self) -> dict:
        kind, value = self.take()
        if kind == "num":
            return _const(Fraction(value))
        if kind == "op":
            if value != "(":
                raise ValueError(f"unexpected {value!r}")
            inner = self.expression()
            self.take(")")
            return inner
        calls = self.peek() == ("op", "(")
        if value == "O" and calls:  # big-O: what is inside
            return self.atom()
        if calls and len(value) > 1 and "_" not in value:
            return self.call(value)
        return _var(value)

    def call(self, name: str) -> dict:
        self.take("(")
        args = [self.expression()]
        while self.peek() == ("op", ","):
            self.take()
            args.append(self.expression())
        self.take(")")
        if name == "sqrt" and len(args) == 1 and _pow(args[0], _const(Fraction(1, 2))) is not None:
            return _pow(args[0], _const(Fraction(1, 2)))
        self.parts += args
        return _var(f"{name}({','.join(_key(a) for a in args)})")
