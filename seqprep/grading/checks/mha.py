"""Hidden checks for `class MultiHeadSelfAttention(nn.Module)`.

Every draw holds the cases that separate the usual slips; the seed varies the
values and the sizes, never which cases are there:

    B, T, num_heads and d_k pairwise different and above 1, so a head split
        without the transpose, heads merged in the wrong order, a scale by
        sqrt(d_model) or attention over the heads instead of the positions each
        change the output;
    one head, one feature per head, a batch of one, a sequence of one token;
    x transposed in memory (a [T, B, d_model] tensor seen as [B, T, d_model]);
    masks [T, T] (causal) and [B, 1, 1, T] (padding), True = may attend;
    bias=False, and bias left at its default (True).

Tolerances: float64 atol 1e-8, rtol 1e-6; float32 atol 2e-5, rtol 1e-4;
causal and permutation properties to 1e-9; gradients atol 1e-9, rtol 1e-7.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import numpy as np
import torch

from . import Call, Check, distinct, first_problem, hinted, numpy_of, transposed
from ..compare import tensor_mismatch
from .sdpa import random_mask

CLASS = "MultiHeadSelfAttention"
PROJECTIONS = ("q_proj", "k_proj", "v_proj", "out_proj")
GRAD_ATOL, GRAD_RTOL = 1e-9, 1e-7
PROPERTY_TOL = 1e-9
VALUES = ("split d_model into num_heads heads of d_k = d_model / num_heads ([B, nh, T, d_k]), scale by "
          "1/√d_k, attend over the positions, put the heads back side by side, then out_proj")


@lru_cache(maxsize=128)
def _module(d_model: int, num_heads: int, bias: bool, dtype: torch.dtype):
    from answers.attention import MultiHeadSelfAttention

    return MultiHeadSelfAttention(d_model, num_heads, bias=bias).to(dtype)


def reference_module(rng: np.random.Generator, d_model: int, num_heads: int, bias: bool, dtype: torch.dtype):
    """The reference module with weights drawn from `rng`, N(0, 0.5²): larger than the default
    init, so every mistake shows. One module per shape is built and reused (its weights and
    gradients replaced): a check takes what it needs from it (expected values, a copy of the
    weights) before the next one draws new weights."""
    module = _module(d_model, num_heads, bias, dtype)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.from_numpy(rng.normal(0.0, 0.5, size=tuple(p.shape))))
            p.grad = None
    return module


def sizes(rng: np.random.Generator) -> dict:
    """B, T, num_heads, d_k pairwise different (2 .. 7), and d_model = num_heads * d_k."""
    heads, d_k = distinct(rng, 2, 2, 5)
    B, T = (int(v) for v in rng.choice([s for s in range(2, 8) if s not in (heads, d_k)], size=2, replace=False))
    return {"B": B, "T": T, "heads": heads, "d_k": d_k, "d_model": heads * d_k}


def _call(module, x, mask=None, **extra) -> Call:
    state = {name: p.detach().clone() for name, p in module.named_parameters()}
    init = {"d_model": module.q_proj.in_features, "num_heads": module.num_heads,
            "bias": module.q_proj.bias is not None}
    args = [x] if mask is None else [x, mask]
    return Call(CLASS, args, init=init, state=state, **extra)


def _structure_call(rng: np.random.Generator, s: dict, bias: Optional[bool]) -> Call:
    """A call that only needs the module built and its weights loaded (no expected output);
    bias=None leaves `bias` out of the constructor's arguments."""
    state = {}
    for name in PROJECTIONS:
        state[f"{name}.weight"] = torch.from_numpy(rng.normal(0.0, 0.5, size=(s["d_model"], s["d_model"])))
        if bias is not False:
            state[f"{name}.bias"] = torch.from_numpy(rng.normal(0.0, 0.5, size=(s["d_model"],)))
    init = {"d_model": s["d_model"], "num_heads": s["heads"]}
    if bias is not None:
        init["bias"] = bias
    return Call(CLASS, [_x(rng, s["B"], s["T"], s["d_model"])], init=init, state=state)


def _matches(name: str, module, x, mask=None, hint: str = VALUES) -> Check:
    with torch.no_grad():
        expected = numpy_of(module(x, mask))
    dtype = str(x.dtype).split(".")[-1]
    return Check(name, [_call(module, x, mask)],
                 lambda o, e=expected, d=dtype: hinted(first_problem(o) or tensor_mismatch("output", o[0].result, e,
                                                                                           dtype=d), hint))


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


def _x(rng: np.random.Generator, B: int, T: int, d_model: int, dtype=torch.float64) -> torch.Tensor:
    return torch.from_numpy(rng.normal(size=(B, T, d_model))).to(dtype)


def _pair(outcomes) -> tuple[Optional[np.ndarray], Optional[np.ndarray], Optional[str]]:
    problem = first_problem(outcomes)
    if problem:
        return None, None, problem
    a, b = outcomes[0].result, outcomes[1].result
    if not (hasattr(a, "array") and hasattr(b, "array")) or a.array.shape != b.array.shape:
        return None, None, "output: missing or of inconsistent shape"
    return a.array, b.array, None


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    s = sizes(rng)
    checks.append(Check("q_proj, k_proj, v_proj, out_proj are nn.Linear(d_model, d_model) "
                        "(bias defaults to True)",
                        [_structure_call(rng, s, None)], lambda o, d=s["d_model"]: _structure_problem(o[0], d, True)))
    s = sizes(rng)
    checks.append(Check("q_proj, k_proj, v_proj, out_proj are nn.Linear(d_model, d_model) (bias=False)",
                        [_structure_call(rng, s, False)], lambda o, d=s["d_model"]: _structure_problem(o[0], d, False)))

    s = sizes(rng)
    module = reference_module(rng, s["d_model"], s["heads"], True, torch.float32)
    checks.append(_matches("matches the reference (float32; B, T, num_heads, d_k all different)", module,
                           _x(rng, s["B"], s["T"], s["d_model"], torch.float32)))
    s = sizes(rng)
    module = reference_module(rng, s["d_model"], s["heads"], True, torch.float64)
    checks.append(_matches("matches the reference (float64, x transposed in memory)", module,
                           transposed(_x(rng, s["B"], s["T"], s["d_model"]), 0, 1),
                           hint=VALUES + "; x may be non-contiguous: use .reshape(), not .view(), on it"))


    s = sizes(rng)
    d_model = s["d_model"]
    for heads, label in ((1, "one head"), (d_model, "one feature per head")):
        module = reference_module(rng, d_model, heads, True, torch.float64)
        checks.append(_matches(f"matches the reference with {label}", module, _x(rng, s["B"], s["T"], d_model)))

    s = sizes(rng)
    module = reference_module(rng, s["d_model"], s["heads"], True, torch.float64)
    checks.append(_matches("a batch of one (B = 1)", module, _x(rng, 1, s["T"], s["d_model"])))
    checks.append(_matches("a sequence of one token (T = 1)", module, _x(rng, s["B"], 1, s["d_model"])))

    # masks: causal [T, T] and padding [B, 1, 1, T]
    s = sizes(rng)
    B, T = s["B"], max(s["T"], 3)
    module = reference_module(rng, s["d_model"], s["heads"], True, torch.float64)
    x = _x(rng, B, T, s["d_model"])
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    masks = "True means \"may attend\": blocked scores become -inf before the softmax; the mask broadcasts"
    checks.append(_matches("causal mask (True = may attend)", module, x, causal, hint=masks))
    checks.append(_matches("padding mask broadcast over heads and queries", module, x,
                           random_mask(rng, (B, 1, 1, T)), hint=masks))

    # causality as a property
    t = int(rng.integers(0, T - 1))
    x2 = x.clone()
    x2[:, t + 1:] += torch.from_numpy(rng.normal(0, 3.0, size=x2[:, t + 1:].shape))

    def causal_property(outcomes, t=t):
        a, b, problem = _pair(outcomes)
        if problem:
            return problem
        moved = np.abs(a[:, : t + 1] - b[:, : t + 1]).max(axis=(0, 2))
        if not (moved <= PROPERTY_TOL).all():
            return ("changing a future token changed an earlier output "
                    f"(position {int(np.argmax(~(moved <= PROPERTY_TOL)))})")
        return None

    checks.append(Check("causal: changing future tokens leaves earlier outputs unchanged",
                        [_call(module, x, causal), _call(module, x2, causal)], causal_property))

    # permutation equivariance without a mask
    perm = rng.permutation(T)
    if (perm == np.arange(T)).all():
        perm = np.roll(perm, 1)  # never the identity

    def equivariance(outcomes, perm=perm):
        a, b, problem = _pair(outcomes)
        if problem:
            return problem
        if not np.abs(a[:, perm] - b).max() <= PROPERTY_TOL:
            return "permuting the tokens did not just permute the outputs (tokens are mixed across positions?)"
        return None

    checks.append(Check("without a mask, permuting the tokens permutes the outputs",
                        [_call(module, x), _call(module, x[:, torch.from_numpy(perm)])], equivariance))

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
    bad = Call(CLASS, [torch.zeros(1, 2, heads * 2 + 1)],   # float32, as a fresh module
               init={"d_model": heads * 2 + 1, "num_heads": heads, "bias": True})
    checks.append(Check("raises ValueError when d_model % num_heads != 0", [bad], value_error))

    # gradients to the input and to every parameter, float64, under a causal mask
    s = sizes(rng)
    module = reference_module(rng, s["d_model"], s["heads"], True, torch.float64)
    x = _x(rng, s["B"], s["T"], s["d_model"]).requires_grad_(True)
    causal = torch.ones(s["T"], s["T"], dtype=torch.bool).tril()
    out = module(x, causal)
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
        message = tensor_mismatch("dL/dx", outcome.grads[0], expected_x, atol=GRAD_ATOL, rtol=GRAD_RTOL)
        if message:
            return message
        for name, want in expected_params.items():
            got = (outcome.params_grads or {}).get(name)
            if got is None:
                return f"no gradient reaches {name}"
            message = tensor_mismatch(f"dL/d({name})", got, want, atol=GRAD_ATOL, rtol=GRAD_RTOL)
            if message:
                return message
        return None

    checks.append(Check("gradients reach the input and every projection (float64)",
                        [_call(module, x.detach().clone().requires_grad_(True), causal, grad_seed=grad_seed)],
                        gradients))
    return checks
