"""Hidden checks for `rnn_param_count(d, h, V, bias=True)` and `rnn_forward_macs(T, d, h, V=0)`.

The counts are exact: the result must equal the expected integer. Any int
(NumPy integers arrive as Python ints) or a float equal to it is accepted;
a bool, a rounded or an approximate value is not. d, h and V are pairwise
different and T >= 2, so d*d in place of h*d, V*d in place of V*h, or a
count per step instead of per sequence, never matches by accident. A message
names the sizes of the document's example, never the random ones.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from . import Call, Check, first_problem
from ..compare import describe_type

DOC = {"d": 300, "h": 512, "V": 30000, "T": 50}


def _params(d: int, h: int, V: int, bias: bool = True) -> int:
    from answers.complexity import rnn_param_count

    return rnn_param_count(d, h, V, bias=bias)


def _macs(T: int, d: int, h: int, V: int = 0) -> int:
    from answers.complexity import rnn_forward_macs

    return rnn_forward_macs(T, d, h, V)


def _exact(label: str, got: Any, expected: int) -> Optional[str]:
    """`got` must be an int (or a float) equal to `expected`; the message shows sizes, never the answer."""
    if type(got) is bool or type(got) not in (int, float):
        return f"{label}: returned {describe_type(got)}, expected an int"
    if got != expected:
        if not np.isfinite(got):
            return f"{label}: returned {got}, expected a finite count"
        side = "too large" if got > expected else "too small"
        return f"{label}: returned {got}, which is {side}"
    return None


def _sizes(rng: np.random.Generator) -> tuple[int, int, int]:
    """(d, h, V) pairwise different, V > 1."""
    h = int(rng.integers(2, 1025))
    d = int(rng.choice([s for s in range(1, 1025) if s != h]))
    V = int(rng.integers(2, 100_001))
    while V in (d, h):
        V += 1
    return d, h, V


def _all_exact(cases: list[tuple[str, int]]):
    def judge(outcomes: list, cases=cases) -> Optional[str]:
        problem = first_problem(outcomes)
        if problem:
            return problem
        for outcome, (label, expected) in zip(outcomes, cases):
            message = _exact(label, outcome.result, expected)
            if message:
                return message
        return None

    return judge


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []
    d, h, V, T = DOC["d"], DOC["h"], DOC["V"], DOC["T"]

    cases = [(f"rnn_param_count({d}, {h}, {V})", _params(d, h, V, True)),
             (f"rnn_param_count({d}, {h}, {V}, bias=False)", _params(d, h, V, False))]
    checks.append(Check("rnn_param_count: the notes' example (d=300, h=512, V=30000), with and without biases",
                        [Call("rnn_param_count", [d, h, V]), Call("rnn_param_count", [d, h, V], {"bias": False})],
                        _all_exact(cases)))

    cases = [(f"rnn_forward_macs({T}, {d}, {h})", _macs(T, d, h)),
             (f"rnn_forward_macs({T}, {d}, {h}, V={V})", _macs(T, d, h, V))]
    checks.append(Check("rnn_forward_macs: the notes' example (T=50, d=300, h=512), without and with V=30000",
                        [Call("rnn_forward_macs", [T, d, h]), Call("rnn_forward_macs", [T, d, h], {"V": V})],
                        _all_exact(cases)))

    for bias in (True, False):
        calls, cases = [], []
        for _ in range(4):
            d, h, V = _sizes(rng)
            calls.append(Call("rnn_param_count", [d, h, V], {"bias": bias}))
            cases.append((f"rnn_param_count(d, h, V, bias={bias}) (random sizes, case {len(cases) + 1})",
                          _params(d, h, V, bias)))
        checks.append(Check(f"rnn_param_count {'with' if bias else 'without'} biases (random sizes)",
                            calls, _all_exact(cases)))

    d, h, V = _sizes(rng)
    checks.append(Check("rnn_param_count: bias defaults to True",
                        [Call("rnn_param_count", [d, h, V])],
                        _all_exact([("rnn_param_count(d, h, V) (random sizes, bias not given)",
                                     _params(d, h, V, True))])))

    calls, cases = [], []
    for _ in range(4):
        d, h, V = _sizes(rng)
        T = int(rng.integers(2, 513))
        calls.append(Call("rnn_forward_macs", [T, d, h, V]))
        cases.append((f"rnn_forward_macs(T, d, h, V) (random sizes, case {len(cases) + 1})", _macs(T, d, h, V)))
    checks.append(Check("rnn_forward_macs with an output layer (random sizes)", calls, _all_exact(cases)))

    calls, cases = [], []
    for _ in range(3):
        d, h, _ = _sizes(rng)
        T = int(rng.integers(2, 513))
        calls.append(Call("rnn_forward_macs", [T, d, h]))
        cases.append((f"rnn_forward_macs(T, d, h) (random sizes, V not given, case {len(cases) + 1})",
                      _macs(T, d, h)))
    checks.append(Check("rnn_forward_macs: V defaults to 0 (no output layer, random sizes)", calls,
                        _all_exact(cases)))

    d, h, V = _sizes(rng)
    checks.append(Check("rnn_forward_macs: a single step (T = 1)",
                        [Call("rnn_forward_macs", [1, d, h, V])],
                        _all_exact([("rnn_forward_macs(1, d, h, V) (random sizes)", _macs(1, d, h, V))])))
    return checks
