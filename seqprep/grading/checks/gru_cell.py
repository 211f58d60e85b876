"""Hidden checks for `gru_cell(x_t, h_prev, W_ih, W_hh, b_ih, b_hh) -> h_t`.

Expected values come from `torch.nn.GRUCell` with the same weights copied in.
Always included: d != h with B != h, a square case, a batch of one, a
bias-only case that names the gate order r, z, n, a case built so that the
reset gate is far from 1 and b_hn large (where the paper's form and torch's
differ most), the update gate saturated both ways, two different h_prev, and
float64 gradients to all six arguments.
"""

from __future__ import annotations

import numpy as np
import torch

from . import Call, Check, dtype_name, first_problem, numpy_of, transposed, unchanged_inputs
from ._gated import draw, sizes, torch_cell
from ..codec import TensorValue
from ..compare import tensor_mismatch

FN = "gru_cell"
ARG_NAMES = ["x_t", "h_prev", "W_ih", "W_hh", "b_ih", "b_hh"]


def expected(args: dict) -> np.ndarray:
    cell = torch_cell("gru", args)
    with torch.no_grad():
        return numpy_of(cell(args["x_t"], args["h_prev"]))


def positional(args: dict) -> list:
    return [args[name] for name in ARG_NAMES]


def values_check(name: str, args: dict, hint: str = "") -> Check:
    want = expected(args)
    dtype = dtype_name(args["x_t"])

    def judge(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        message = tensor_mismatch("h_t", outcomes[0].result, want, dtype=dtype)
        return f"{message}{hint}" if message else None

    return Check(name, [Call(FN, positional(args))], judge)


def _set_block(args: dict, name: str, block: int, values: np.ndarray) -> None:
    h = args["W_hh"].shape[1]
    args[name] = args[name].clone()
    args[name][block * h:(block + 1) * h] = torch.from_numpy(values).to(args[name].dtype)


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []
    for dtype in (torch.float32, torch.float64):
        args = draw(rng, "gru", *sizes(rng), dtype)
        checks.append(values_check(f"matches nn.GRUCell, d != h ({dtype_name(args['x_t'])})", args))

    checks.append(values_check("matches nn.GRUCell when d == h (float64)",
                               draw(rng, "gru", *sizes(rng, square=True), torch.float64)))
    checks.append(values_check("a batch of one (B = 1, float64)",
                               draw(rng, "gru", *sizes(rng, B=1), torch.float64)))

    args = draw(rng, "gru", *sizes(rng), torch.float64)
    args = {k: transposed(v) if v.dim() == 2 else v for k, v in args.items()}
    checks.append(values_check("non-contiguous inputs (transposed views of x_t, h_prev and the weights)", args,
                               " (if the other value checks pass: these inputs are non-contiguous; use reshape, not view)"))

    # only the biases act, each block in its own range: names a wrong gate order
    B, d, h = sizes(rng)
    args = draw(rng, "gru", B, d, h, torch.float64)
    args["W_ih"].zero_()
    args["W_hh"].zero_()
    offsets = rng.permutation([-1.2, 0.0, 1.2])
    args["b_ih"] = torch.from_numpy(np.concatenate([rng.uniform(-1.5, 1.5, size=h) + o for o in offsets]))
    args["b_hh"] = torch.from_numpy(rng.uniform(-1.5, 1.5, size=3 * h))
    checks.append(values_check("gate order r, z, n (weights zero, biases only)", args,
                               ": are the three row blocks read in the order r, z, n, each h rows?"))

    # reset gate far from 1 and a large b_hn: where r * (h W_hn^T + b_hn) and W_hn (r * h) + b_hn differ most
    args = draw(rng, "gru", *sizes(rng), torch.float64)
    h = args["W_hh"].shape[1]
    _set_block(args, "b_ih", 0, rng.uniform(-2.0, -1.0, size=h))   # r around 0.2
    _set_block(args, "b_hh", 0, rng.uniform(-1.0, 0.0, size=h))
    _set_block(args, "b_hh", 2, rng.choice([-1.0, 1.0], size=h) * rng.uniform(1.0, 2.0, size=h))
    _set_block(args, "W_hh", 2, rng.normal(0.0, 1.5, size=(h, h)))
    checks.append(values_check("the reset gate multiplies h_prev W_hn^T + b_hn, bias included (torch's form)",
                               args, ": r multiplies the whole recurrent part of the candidate, after the "
                                     "product and with its bias b_hn"))

    # the update gate saturated: z = 1 keeps h_prev, z = 0 takes the candidate
    for label, sign in (("1 keeps h_prev", 1.0), ("0 takes the candidate", -1.0)):
        args = draw(rng, "gru", *sizes(rng), torch.float64)
        h = args["W_hh"].shape[1]
        _set_block(args, "b_ih", 1, sign * rng.uniform(40.0, 50.0, size=h))
        checks.append(values_check(f"update gate z = {label}", args,
                                   ": h_t = (1 - z) * n + z * h_prev, so z = 1 keeps the old state"))

    # the same x_t with two states: h_prev must be used
    args = draw(rng, "gru", *sizes(rng), torch.float64)
    other = dict(args, h_prev=torch.from_numpy(rng.uniform(-0.9, 0.9, size=tuple(args["h_prev"].shape))))
    want_a, want_b = expected(args), expected(other)

    def uses_h_prev(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        got_a, got_b = outcomes[0].result, outcomes[1].result
        if isinstance(got_a, TensorValue) and isinstance(got_b, TensorValue) and got_a.array.shape == got_b.array.shape \
                and np.allclose(got_a.array, got_b.array, atol=1e-12, rtol=0):
            return "two different h_prev gave the same h_t: is h_prev used?"
        return (tensor_mismatch("h_t (first h_prev)", got_a, want_a, dtype="float64")
                or tensor_mismatch("h_t (second h_prev)", got_b, want_b, dtype="float64"))

    checks.append(Check("h_prev is used (same x_t, two different h_prev)",
                        [Call(FN, positional(args)), Call(FN, positional(other))], uses_h_prev))

    args = draw(rng, "gru", *sizes(rng), torch.float64)
    originals = positional(args)
    checks.append(Check("does not modify its inputs", [Call(FN, positional(args), return_inputs=True)],
                        lambda o: first_problem(o) or unchanged_inputs(o[0], originals, ARG_NAMES)))

    # gradients to all six arguments, against autograd through nn.GRUCell
    args = draw(rng, "gru", *sizes(rng), torch.float64)
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in args.items()}
    cell = torch_cell("gru", leaves)
    params = [leaves["x_t"], leaves["h_prev"], cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh]
    seed = torch.from_numpy(rng.normal(size=tuple(args["h_prev"].shape)))
    wanted = [numpy_of(g) for g in torch.autograd.grad((cell(leaves["x_t"], leaves["h_prev"]) * seed).sum(), params)]
    fresh = [args[name].detach().clone().requires_grad_(True) for name in ARG_NAMES]

    def gradients(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        if outcomes[0].grads is None:
            return "no gradient flows through h_t (is the result detached from the graph?)"
        for name, got, want in zip(ARG_NAMES, outcomes[0].grads, wanted):
            if got is None:
                return f"no gradient reaches {name}"
            message = tensor_mismatch(f"dh_t/d{name}", got, want, atol=1e-10, rtol=1e-7)
            if message:
                return message
        return None

    checks.append(Check("gradients reach every input and match nn.GRUCell (float64)",
                        [Call(FN, fresh, grad_seed=seed)], gradients))
    return checks
