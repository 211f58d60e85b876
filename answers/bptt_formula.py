"""The notes' BPTT formula and what it leaves out.

The notes write

    dL/dh_1 = dL/dh_T · prod_{t=2..T} dh_t/dh_{t-1},   dh_t/dh_{t-1} = diag(1 - h_t^2) W_hh,

which is exact when the loss reads only the last state h_T (a sequence
classifier). A language model has a loss at every step, L = sum_t L_t, and then
h_1 also reaches L_2, ..., L_{T-1} through shorter chains:

    dL/dh_1 = sum_{k=1..T} dL_k/dh_k · prod_{t=2..k} dh_t/dh_{t-1}.

`formula_vs_autograd` builds a small tanh RNN in float64, evaluates the
product formula with explicit Jacobian matrices and compares it with autograd
for both losses: the error is at rounding level for the last-state loss and of
order one for the per-step loss.
"""

from __future__ import annotations

import torch


def _states(T: int, d: int, h: int, seed: int):
    gen = torch.Generator().manual_seed(seed)
    W_xh = torch.randn(h, d, generator=gen, dtype=torch.float64) / d ** 0.5  # (h, d)
    W_hh = torch.randn(h, h, generator=gen, dtype=torch.float64) * 0.9 / h ** 0.5  # (h, h)
    x = torch.randn(T, d, generator=gen, dtype=torch.float64)  # (T, d)
    u = torch.randn(T, h, generator=gen, dtype=torch.float64)  # (T, h) one readout per step
    h1 = torch.tanh(x[0] @ W_xh.T).requires_grad_(True)  # (h,) the leaf we differentiate by
    states = [h1]
    for t in range(1, T):
        states.append(torch.tanh(x[t] @ W_xh.T + states[-1] @ W_hh.T))  # (h,)
    return states, W_hh, u


def product_formula(states: list[torch.Tensor], W_hh: torch.Tensor, g_T: torch.Tensor) -> torch.Tensor:
    """g_T · prod_{t=2..T} diag(1 - h_t^2) W_hh, as explicit (h, h) Jacobians."""
    grad = g_T  # (h,)
    for t in range(len(states) - 1, 0, -1):
        jacobian = torch.diag(1 - states[t].detach() ** 2) @ W_hh  # (h, h) = dh_t / dh_{t-1}
        grad = grad @ jacobian  # (h,)
    return grad


def formula_vs_autograd(T: int = 20, d: int = 8, h: int = 16, seed: int = 0) -> dict:
    """Relative error of the notes' formula against autograd, for a loss on h_T and for a loss at every step.

    `formula_vs_autograd()` -> {"last_state_loss": ~1e-16, "every_step_loss": ~1}.
    """
    states, W_hh, u = _states(T, d, h, seed)
    errors = {}
    for name, loss, g_T in (("last_state_loss", (u[-1] * states[-1]).sum(), u[-1]),
                            ("every_step_loss", sum((u[t] * states[t]).sum() for t in range(T)), u[-1])):
        (exact,) = torch.autograd.grad(loss, states[0], retain_graph=True)  # (h,)
        formula = product_formula(states, W_hh, g_T)  # (h,)
        errors[name] = ((formula - exact).norm() / exact.norm()).item()
    return errors
