"""answers/cell_memory.py against a real nn.LSTMCell (float64) whose input gate is shut
and whose forget gate sees only its bias: the cell decays by exactly sigmoid(b_f) a step.
This also pins torch's gate order i, f, g, o in the bias vector."""

from __future__ import annotations

import math

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn

import answers.cell_memory as M


def cell_after(b_f: float, steps: int) -> float:
    h = 3
    cell = nn.LSTMCell(2, h).double()
    with torch.no_grad():
        for p in cell.parameters():
            p.zero_()
        cell.bias_ih[0:h] = -1e4        # input gate i = sigmoid(-1e4) = 0: nothing is written
        cell.bias_ih[h:2 * h] = b_f     # forget gate f = sigmoid(b_f)
    x = torch.randn(1, 2, dtype=torch.float64)
    state = (torch.zeros(1, h, dtype=torch.float64), torch.ones(1, h, dtype=torch.float64))
    with torch.no_grad():
        for _ in range(steps):
            state = cell(x, state)
    c = state[1]
    assert torch.allclose(c, c[0, 0].expand_as(c))
    return float(c[0, 0])


@pytest.mark.parametrize("b_f,steps", [(0.0, 1), (0.0, 10), (1.0, 20), (2.0, 50), (-1.0, 5), (3.0, 100)])
def test_retention_is_the_cell_an_lstm_keeps(b_f, steps):
    assert M.forget_retention(b_f, steps) == pytest.approx(cell_after(b_f, steps), rel=1e-12)


def test_retention_bank_grid():
    combos = bank_combos(M.forget_retention)
    assert combos
    for p in combos:
        assert M.forget_retention(**p) == pytest.approx(cell_after(float(p["b_f"]), p["steps"]), rel=1e-12)


def half_life_by_lstm(f: float) -> tuple[int, int]:
    """The last step with c >= 1/2 and the first with c < 1/2, for a cell that decays by f."""
    b_f = math.log(f / (1 - f))  # the forget bias whose sigmoid is f
    step = 0
    while cell_after(b_f, step + 1) >= 0.5:
        step += 1
    return step, step + 1


@pytest.mark.parametrize("f", [0.5, 0.6, 0.9, 0.95])
def test_half_life_brackets_the_lstm(f):
    below, above = half_life_by_lstm(f)
    assert below <= M.cell_half_life(f) < above


def test_half_life_bank_grid():
    combos = bank_combos(M.cell_half_life)
    assert combos
    for p in combos:
        f = torch.tensor(p["f"], dtype=torch.float64)
        assert float(f ** M.cell_half_life(**p)) == pytest.approx(0.5, rel=1e-12)


@pytest.mark.parametrize("f", [0.0, 1.0, 1.5])
def test_half_life_refuses_a_gate_that_never_or_always_forgets(f):
    with pytest.raises(ValueError):
        M.cell_half_life(f)


@pytest.mark.parametrize("call,value", docstring_examples(M))
def test_docstring_examples(call, value):
    check_example(M, call, value)
