"""Terminal rendering of LaTeX: readable, and nothing unknown is lost."""

from seqprep.texmath import plain_math


def test_common_math_becomes_unicode():
    assert plain_math(r"$O(T^2 \cdot d)$") == "O(T^2 · d)"
    assert plain_math(r"$W \in \mathbb{R}^{h \times d}$") == "W ∈ ℝ^{h × d}"
    assert plain_math(r"$\sqrt{d_{model}}$ and $\frac{QK^\top}{\sqrt{d_k}}$") == "√(d_{model}) and (QK^ᵀ)/(√(d_k))"
    assert plain_math(r"$\operatorname{softmax}(x)$, $\pm 1$") == "softmax(x), ± 1"


def test_digit_groups_from_the_quiz_read_naturally():
    assert plain_math("$V=30{,}000$") == "V=30,000"
    assert plain_math(r"$V=30\,000$") == "V=30\u202f000"


def test_unknown_macros_and_prose_are_kept():
    assert plain_math(r"$\weird{x}$") == r"\weird{x}"
    assert plain_math("no math here, costs 5 $") == "no math here, costs 5 $"


def test_the_macros_the_bank_uses_become_unicode():
    assert plain_math(r"$\tilde{x} + \bar y$, $\sqrt d$, $\mathcal{O}(n)$, $a, \dots, \dot{z}$") == \
        "x\u0303 + y\u0304, √d, O(n), a, …, z\u0307"
    assert plain_math(r"$f_t \equiv 1$, $\lfloor n/2 \rfloor$, $\ln p$, $\tau$, $\Bigl( x \Bigr)$") == \
        "f_t ≡ 1, ⌊ n/2 ⌋, ln p, τ, ( x )"
