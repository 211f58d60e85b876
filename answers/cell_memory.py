"""How long an LSTM's cell remembers, from its forget gate (pure Python).

The cell update is c_t = f_t * c_{t-1} + i_t * g_t, so along the cell path
dc_t/dc_{t-1} = diag(f_t) (plus terms through h_{t-1} in the gates). What c_0
contributes to c_k, and the gradient that flows back along the cell, is the
product f_1 ... f_k; with a constant gate value f that is f^k.

At initialization the gate pre-activation is about its bias b_f, so
f = sigmoid(b_f): 0.5 for a zero bias (half the memory lost every step),
0.731 for the common b_f = 1 (Jozefowicz et al., 2015).
"""

from __future__ import annotations

import math


def sigmoid(x: float) -> float:
    """`sigmoid(0) -> 0.5`."""
    return 1 / (1 + math.exp(-x))


def forget_retention(b_f: float, steps: int) -> float:
    """Share of c_0 (and of the cell-path gradient) left after `steps` steps when
    f_t = sigmoid(b_f) and nothing is written: sigmoid(b_f) ** steps.
    `forget_retention(0, 10) -> 0.0009765625`; with b_f = 1 it is 0.0436 (rounded)."""
    return sigmoid(b_f) ** steps


def cell_half_life(f: float) -> float:
    """Steps after which a constant forget gate f has halved the cell: ln 0.5 / ln f.
    `cell_half_life(0.5) -> 1.0`; `cell_half_life(0.99) -> 68.97` (rounded)."""
    if not 0 < f < 1:
        raise ValueError(f"a forget gate value lies strictly between 0 and 1, got {f}")
    return math.log(0.5) / math.log(f)
