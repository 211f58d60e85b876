"""Shared by the LSTM and GRU cell checks: drawing inputs in torch's layout and the
expected values from `nn.LSTMCell` / `nn.GRUCell` with the same weights copied in.

Sizes are drawn so that nothing that could be confused is equal: d != h, B != h,
B != d, and the number of gate blocks times h differs from d and B, so a
missing transpose or a split along the wrong axis fails on shapes or values.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

GATES = {"lstm": 4, "gru": 3}


def sizes(rng: np.random.Generator, *, square: bool = False, B: Optional[int] = None) -> tuple[int, int, int]:
    """(B, d, h), all different (d == h when square), and B, d not a multiple-of-gates of h."""
    while True:
        h = int(rng.integers(3, 8))
        d = h if square else int(rng.integers(2, 10))
        b = B if B is not None else int(rng.integers(2, 7))
        distinct = square or d != h
        if distinct and b != h and (square or b != d) and d not in (3 * h, 4 * h) and b not in (3 * h, 4 * h):
            return b, d, h


def draw(rng: np.random.Generator, kind: str, B: int, d: int, h: int, dtype: torch.dtype) -> dict:
    """Inputs whose pre-activations are O(1): every gate is neither saturated nor linear."""
    n = GATES[kind] * h
    bound = 1.0 / np.sqrt(h)
    values = {
        "x_t": rng.normal(0.0, 1.0, size=(B, d)),
        "h_prev": rng.uniform(-0.9, 0.9, size=(B, h)),
        "W_ih": rng.uniform(-1.5 * bound, 1.5 * bound, size=(n, d)),
        "W_hh": rng.uniform(-1.5 * bound, 1.5 * bound, size=(n, h)),
        "b_ih": rng.normal(0.0, 0.6, size=(n,)),
        "b_hh": rng.normal(0.0, 0.6, size=(n,)),
    }
    if kind == "lstm":
        values["c_prev"] = rng.normal(0.0, 1.5, size=(B, h))
    return {k: torch.from_numpy(v).to(dtype) for k, v in values.items()}


def torch_cell(kind: str, args: dict):
    """nn.LSTMCell / nn.GRUCell holding the given weights, in their dtype."""
    W_ih = args["W_ih"]
    h = args["W_hh"].shape[1]
    cls = torch.nn.LSTMCell if kind == "lstm" else torch.nn.GRUCell
    cell = cls(W_ih.shape[1], h, dtype=W_ih.dtype)
    with torch.no_grad():
        cell.weight_ih.copy_(W_ih)
        cell.weight_hh.copy_(args["W_hh"])
        cell.bias_ih.copy_(args["b_ih"])
        cell.bias_hh.copy_(args["b_hh"])
    return cell
