"""answers/bptt_formula.py: the product formula against the BPTT recursion of answers.gradient_flow, and the
per-step loss against a hand-written accumulation."""

from __future__ import annotations

import pytest
import torch

from answers.bptt_formula import _states, formula_vs_autograd, product_formula
from answers.gradient_flow import hidden_state_gradients


@pytest.mark.parametrize("T,d,h,seed", [(5, 3, 4, 0), (20, 8, 16, 1), (40, 4, 8, 2)])
def test_product_formula_equals_the_bptt_recursion(T, d, h, seed):
    states, W_hh, u = _states(T, d, h, seed)
    H = torch.stack([s.detach() for s in states]).unsqueeze(0)  # (1, T, h)
    G = hidden_state_gradients(H, W_hh, u[-1].unsqueeze(0))  # (1, T, h)
    torch.testing.assert_close(product_formula(states, W_hh, u[-1]), G[0, 0], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("T,seed", [(6, 0), (20, 3)])
def test_every_step_loss_needs_the_sum_over_steps(T, seed):
    states, W_hh, u = _states(T, 3, 5, seed)
    H = [s.detach() for s in states]
    g = u[-1].clone()  # dL/dh_T, then accumulate dL/dh_t = u_t + dL/dh_{t+1} diag(1 - h_{t+1}^2) W_hh
    for t in range(T - 2, -1, -1):
        g = u[t] + (g * (1 - H[t + 1] ** 2)) @ W_hh
    loss = sum((u[t] * states[t]).sum() for t in range(T))
    (exact,) = torch.autograd.grad(loss, states[0])
    torch.testing.assert_close(g, exact, rtol=1e-12, atol=1e-14)


def test_errors_for_the_two_losses():
    errors = formula_vs_autograd()
    assert errors["last_state_loss"] < 1e-12
    assert errors["every_step_loss"] > 0.1
