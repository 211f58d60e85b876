"""Shared by the LayerNorm and RMSNorm checks: inputs and the torch module that gives expected values.

Shapes are drawn so that the feature size d differs from every leading
dimension, so statistics over the wrong axis fail on values (or on shapes
when `keepdim` is dropped) on every draw.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, dtype_name, first_problem, numpy_of, unchanged_inputs
from ..compare import tensor_mismatch


def shape(rng: np.random.Generator, leading: Optional[tuple] = None) -> tuple[int, ...]:
    """A shape [..., d] whose last size differs from every leading one (and the leading ones differ)."""
    if leading is None:
        B = int(rng.integers(2, 5))
        T = int(rng.choice([t for t in range(2, 8) if t != B]))
        leading = (B, T)
    d = int(rng.choice([s for s in range(3, 12) if s not in leading]))
    return (*leading, d)


def tensor(rng: np.random.Generator, size: tuple, dtype: torch.dtype, scale: float = 1.0,
           offset: float = 0.0) -> torch.Tensor:
    return torch.from_numpy(rng.normal(offset, scale, size=size)).to(dtype)


def module(kind: str, weight: torch.Tensor, bias: Optional[torch.Tensor], eps: float) -> torch.nn.Module:
    """nn.LayerNorm or nn.RMSNorm over the last dimension holding the given parameters."""
    d = weight.shape[0]
    m = torch.nn.LayerNorm(d, eps=eps, dtype=weight.dtype) if kind == "layer" else \
        torch.nn.RMSNorm(d, eps=eps, dtype=weight.dtype)
    with torch.no_grad():
        m.weight.copy_(weight)
        if bias is not None:
            m.bias.copy_(bias)
    return m


class NormChecks:
    """Builds the checks both tasks share; `args(x, w, b)` gives a task's positional arguments."""

    def __init__(self, kind: str, fn: str, names: list[str], default_eps: float, torch_name: str):
        self.kind, self.fn, self.names, self.default_eps, self.torch_name = kind, fn, names, default_eps, torch_name

    def params(self, rng: np.random.Generator, d: int, dtype: torch.dtype) -> list[torch.Tensor]:
        weight = tensor(rng, (d,), dtype, 0.8, 1.0)
        if self.kind == "rms":
            return [weight]
        return [weight, tensor(rng, (d,), dtype, 0.8)]

    def expected(self, x: torch.Tensor, params: list, eps: Optional[float]) -> np.ndarray:
        m = module(self.kind, params[0], params[1] if len(params) > 1 else None,
                   self.default_eps if eps is None else eps)
        with torch.no_grad():
            return numpy_of(m(x))

    def values(self, name: str, x: torch.Tensor, params: list, eps: Optional[float] = None, *,
               hint: str = "", atol: Optional[float] = None, rtol: Optional[float] = None,
               reference: Optional[np.ndarray] = None) -> Check:
        """Call fn(x, *params[, eps=eps]) and compare with the torch module (or `reference`)."""
        want = self.expected(x, params, eps) if reference is None else reference
        dtype = dtype_name(x)
        kwargs = {} if eps is None else {"eps": eps}

        def judge(outcomes):
            problem = first_problem(outcomes)
            if problem:
                return problem
            message = tensor_mismatch("y", outcomes[0].result, want, dtype=dtype, atol=atol, rtol=rtol)
            return f"{message}{hint}" if message else None

        return Check(name, [Call(self.fn, [x, *params], kwargs)], judge)

    def unchanged(self, rng: np.random.Generator) -> Check:
        x = tensor(rng, shape(rng), torch.float64, 2.0, 0.5)
        args = [x, *self.params(rng, x.shape[-1], torch.float64)]
        return Check("does not modify its inputs", [Call(self.fn, args, return_inputs=True)],
                     lambda o: first_problem(o) or unchanged_inputs(o[0], args, self.names))

    def gradients(self, rng: np.random.Generator) -> Check:
        """Gradients to x and the parameters against autograd through the torch module (float64)."""
        x = tensor(rng, shape(rng), torch.float64, 2.0, 0.5)
        params = self.params(rng, x.shape[-1], torch.float64)
        m = module(self.kind, params[0], params[1] if len(params) > 1 else None, self.default_eps)
        leaf = x.clone().requires_grad_(True)
        seed = torch.from_numpy(rng.normal(size=tuple(x.shape)))
        wrt = [leaf, m.weight] + ([m.bias] if self.kind == "layer" else [])
        wanted = [numpy_of(g) for g in torch.autograd.grad((m(leaf) * seed).sum(), wrt)]
        fresh = [t.detach().clone().requires_grad_(True) for t in (x, *params)]

        def judge(outcomes):
            problem = first_problem(outcomes)
            if problem:
                return problem
            if outcomes[0].grads is None:
                return "no gradient flows through y (is the result detached from the graph?)"
            for name, got, want in zip(self.names, outcomes[0].grads, wanted):
                if got is None:
                    return f"no gradient reaches {name}"
                message = tensor_mismatch(f"dL/d{name}", got, want, atol=1e-10, rtol=1e-7)
                if message:
                    return message + (" (if the values are right: is the mean or the variance detached "
                                      "from the graph?)" if name == "x" else "")
            return None

        return Check(f"gradients match {self.torch_name} (float64)", [Call(self.fn, fresh, grad_seed=seed)], judge)
