"""Hidden checks for `class MultiHeadSelfAttention(nn.Module)`."""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, first_problem, numpy_of
from ..compare import tensor_mismatch
from .sdpa import random_mask

CLASS = "MultiHeadSelfAttention"
PROJECTIONS = ("q_proj", "k_proj", "v_proj", "out_proj")


def reference_module(d_model: int, num_heads: int, bias: bool, dtype: torch.dtype, seed: int):
    from answers.attention import MultiHeadSelfAttention

    torch.manual_seed(seed)
    module = MultiHeadSelfAttention(d_model, num_heads, bias=bias).to(dtype)
    with torch.no_grad():  # larger than the default init, so every mistake shows
        for p in module.parameters():
            p.normal_(0.0, 0.5)
    return module


def draw_sizes(rng: np.random.Generator) -> tuple[int, int]:
    num_heads = int(rng.choice([2, 3, 4]))
    d_k = int(rng.integers(2, 5))
    return num_heads * d_k, num_heads


def _call(module, x, mask=None, **extra) -> Call:
    state = {name: p.detach().clone() for name, p in module.named_parameters()}
    init = {"d_model": module.q_proj.in_features, "num_heads": module.num_heads,
            "bias": module.q_proj.bias is not None}
    args = [x] if mask is None else [x, mask]
    return Call(CLASS, args, init=init, state=state, **extra)


def _matches(name: str, module, x, mask=None) -> Check:
    with torch.no_grad():
        expected = numpy_of(module(x, mask))
    dtype = str(x.dtype).split(".")[-1]
    return Check(name, [_call(module, x, mask)],
                 lambda o, e=expected, d=dtype: first_problem(o) or tensor_mismatch("output", o[0].result, e, dtype=d))


def _structure_problem(outcome, d_model: int, bias: bool) -> Optional[str]:
    if outcome.structure is None:
        return outcome.problem() or "the module could not be created"
    children = outcome.structure.get("children", {})
    for name in PROJECTIONS:
        child = children.get(name)
        if child is None:
            return f"no submodule named {name}"
        if not child.get("is_linear"):
            return f"{name} is a {child.get('class')}, expected nn.Linear"
        if (child.get("in_features"), child.get("out_features")) != (d_model, d_model):
            return (f"{name} maps {child.get('in_features')} -> {child.get('out_features')} features, "
                    f"expected {d_model} -> {d_model}")
        if child.get("bias") != bias:
            return f"{name} {'has no' if bias else 'has a'} bias, but bias={bias} was passed"
    return None


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []
    seed = int(rng.integers(0, 2**31))

    for bias in (True, False):
        d_model, heads = draw_sizes(rng)
        module = reference_module(d_model, heads, bias, torch.float64, seed)
        x = torch.from_numpy(rng.normal(size=(2, 3, d_model)))
        checks.append(Check(
            f"q_proj, k_proj, v_proj, out_proj are nn.Linear(d_model, d_model) (bias={bias})",
            [_call(module, x)], lambda o, d=d_model, b=bias: _structure_problem(o[0], d, b)))

    for dtype in (torch.float32, torch.float64):
        d_model, heads = draw_sizes(rng)
        module = reference_module(d_model, heads, True, dtype, seed + 1)
        B, T = int(rng.integers(1, 4)), int(rng.integers(2, 7))
        x = torch.from_numpy(rng.normal(size=(B, T, d_model))).to(dtype)
        checks.append(_matches(f"matches the reference ({str(dtype).split('.')[-1]})", module, x))

    d_model, heads = draw_sizes(rng)
    module = reference_module(d_model, heads, False, torch.float64, seed + 2)
    x = torch.from_numpy(rng.normal(size=(2, 4, d_model)))
    checks.append(_matches("matches the reference without biases", module, x))

    d_model = int(rng.integers(2, 5)) * 2
    for heads, label in ((1, "one head"), (d_model, "one feature per head")):
        module = reference_module(d_model, heads, True, torch.float64, seed + 3)
        x = torch.from_numpy(rng.normal(size=(2, 5, d_model)))
        checks.append(_matches(f"matches the reference with {label}", module, x))

    # masks: causal [T, T] and padding [B, 1, 1, T]
    d_model, heads = draw_sizes(rng)
    module = reference_module(d_model, heads, True, torch.float64, seed + 4)
    B, T = 3, int(rng.integers(3, 7))
    x = torch.from_numpy(rng.normal(size=(B, T, d_model)))
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    checks.append(_matches("causal mask (True = may attend)", module, x, causal))
    checks.append(_matches("padding mask broadcast over heads and queries", module, x,
                           random_mask(rng, (B, 1, 1, T))))

    # causality as a property
    t = int(rng.integers(0, T - 1))
    x2 = x.clone()
    x2[:, t + 1:] += torch.from_numpy(rng.normal(0, 3.0, size=x2[:, t + 1:].shape))

    def causal_property(outcomes, t=t):
        problem = first_problem(outcomes)
        if problem:
            return problem
        a, b = outcomes[0].result, outcomes[1].result
        if not (hasattr(a, "array") and hasattr(b, "array")) or a.array.shape != b.array.shape:
            return "output: missing or of inconsistent shape"
        moved = np.abs(a.array[:, : t + 1] - b.array[:, : t + 1]).max(axis=(0, 2))
        if (moved > 1e-9).any():
            return f"changing a future token changed an earlier output (position {int(np.argmax(moved > 1e-9))})"
        return None

    checks.append(Check("causal: changing future tokens leaves earlier outputs unchanged",
                        [_call(module, x, causal), _call(module, x2, causal)], causal_property))

    # permutation equivariance without a mask
    perm = torch.from_numpy(rng.permutation(T))
    while bool((perm == torch.arange(T)).all()):
        perm = torch.from_numpy(rng.permutation(T))

    def equivariance(outcomes, perm=perm.numpy()):
        problem = first_problem(outcomes)
        if problem:
            return problem
        a, b = outcomes[0].result, outcomes[1].result
        if not (hasattr(a, "array") and hasattr(b, "array")) or a.array.shape != b.array.shape:
            return "output: missing or of inconsistent shape"
        if np.abs(a.array[:, perm] - b.array).max() > 1e-9:
            return "permuting the tokens did not just permute the outputs (tokens are mixed across positions?)"
        return None

    checks.append(Check("without a mask, permuting the tokens permutes the outputs",
                        [_call(module, x), _call(module, x[:, perm])], equivariance))

    # d_model not divisible by num_heads
    def value_error(outcomes):
        outcome = outcomes[0]
        if not outcome.ran:
            return outcome.problem()
        if outcome.error and outcome.error.startswith("ValueError"):
            return None
        if outcome.error:
            return f"raised {outcome.error}, expected ValueError"
        return "no ValueError when d_model is not divisible by num_heads"

    heads = int(rng.choice([3, 4]))
    bad = Call(CLASS, [torch.zeros(1, 2, heads * 2 + 1, dtype=torch.float64)],
               init={"d_model": heads * 2 + 1, "num_heads": heads, "bias": True})
    checks.append(Check("raises ValueError when d_model % num_heads != 0", [bad], value_error))

    # gradients to the input and to every parameter, float64
    d_model, heads = draw_sizes(rng)
    module = reference_module(d_model, heads, True, torch.float64, seed + 5)
    x = torch.from_numpy(rng.normal(size=(2, 4, d_model))).requires_grad_(True)
    out = module(x, causal[:4, :4])
    grad_seed = torch.from_numpy(rng.normal(size=tuple(out.shape)))
    (out * grad_seed).sum().backward()
    expected_x = numpy_of(x.grad)
    expected_params = {name: numpy_of(p.grad) for name, p in module.named_parameters()}

    def gradients(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        outcome = outcomes[0]
        if not outcome.grads or outcome.grads[0] is None:
            return "no gradient reaches the input x"
        message = tensor_mismatch("dL/dx", outcome.grads[0], expected_x, atol=1e-9, rtol=1e-7)
        if message:
            return message
        for name, want in expected_params.items():
            got = (outcome.params_grads or {}).get(name)
            if got is None:
                return f"no gradient reaches {name}"
            message = tensor_mismatch(f"dL/d({name})", got, want, atol=1e-9, rtol=1e-7)
            if message:
                return message
        return None

    checks.append(Check("gradients reach the input and every projection (float64)",
                        [_call(module, x.detach().clone().requires_grad_(True), causal[:4, :4],
                               grad_seed=grad_seed)], gradients))
    return checks
