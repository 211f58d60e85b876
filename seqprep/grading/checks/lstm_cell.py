"""Hidden checks for `lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh) -> (h_t, c_t)`.

Expected values come from `torch.nn.LSTMCell` with the same weights copied in.
Every draw has d != h, B != h and both biases non-zero; a square case (d == h),
a batch of one, a bias-only case that names the gate order, two different
c_prev for the same everything else, and float64 gradients to all seven
arguments are always included.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch

from . import Call, Check, dtype_name, first_problem, numpy_of, result_tensor, transposed, unchanged_inputs
from ._gated import draw, sizes, torch_cell
from ..codec import TensorValue
from ..compare import tensor_mismatch

FN = "lstm_cell"
ARG_NAMES = ["x_t", "h_prev", "c_prev", "W_ih", "W_hh", "b_ih", "b_hh"]


def expected(args: dict) -> tuple[np.ndarray, np.ndarray]:
    cell = torch_cell("lstm", args)
    with torch.no_grad():
        h_t, c_t = cell(args["x_t"], (args["h_prev"], args["c_prev"]))
    return numpy_of(h_t), numpy_of(c_t)


def positional(args: dict) -> list:
    return [args[name] for name in ARG_NAMES]


def compare_pair(outcome, want_h: np.ndarray, want_c: np.ndarray, dtype: str, hint: str = "") -> Optional[str]:
    result = outcome.result
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return "expected a tuple (h_t, c_t)"
    got_h, got_c = result
    message = tensor_mismatch("c_t", got_c, want_c, dtype=dtype) or tensor_mismatch("h_t", got_h, want_h, dtype=dtype)
    if message is None:
        return None
    if isinstance(got_h, TensorValue) and isinstance(got_c, TensorValue) and got_h.array.shape == want_c.shape \
            and tensor_mismatch("", got_h, want_c, dtype=dtype) is None \
            and tensor_mismatch("", got_c, want_h, dtype=dtype) is None:
        return "h_t and c_t are swapped: return (h_t, c_t)"
    return f"{message}{hint}"


def values_check(name: str, args: dict, hint: str = "") -> Check:
    want_h, want_c = expected(args)
    dtype = dtype_name(args["x_t"])
    return Check(name, [Call(FN, positional(args))],
                 lambda o: first_problem(o) or compare_pair(o[0], want_h, want_c, dtype, hint))


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []
    for dtype in (torch.float32, torch.float64):
        args = draw(rng, "lstm", *sizes(rng), dtype)
        checks.append(values_check(f"matches nn.LSTMCell, d != h ({dtype_name(args['x_t'])})", args))

    checks.append(values_check("matches nn.LSTMCell when d == h (float64)",
                               draw(rng, "lstm", *sizes(rng, square=True), torch.float64)))
    checks.append(values_check("a batch of one (B = 1, float64)",
                               draw(rng, "lstm", *sizes(rng, B=1), torch.float64)))

    args = draw(rng, "lstm", *sizes(rng), torch.float64)
    args = {k: transposed(v) if v.dim() == 2 else v for k, v in args.items()}
    checks.append(values_check("non-contiguous inputs (transposed views of x_t, h_prev, c_prev and the weights)",
                               args, " (if the other value checks pass: these inputs are non-contiguous; use reshape, not view)"))

    # only the biases act, each block pushed to a different regime: names a wrong gate order
    B, d, h = sizes(rng)
    args = draw(rng, "lstm", B, d, h, torch.float64)
    args["W_ih"].zero_()
    args["W_hh"].zero_()
    blocks = [rng.uniform(-2.5, 2.5, size=h) + offset for offset in rng.permutation([-1.5, -0.5, 0.5, 1.5])]
    args["b_ih"] = torch.from_numpy(np.concatenate(blocks))
    args["b_hh"] = torch.from_numpy(rng.normal(0.0, 0.3, size=4 * h))
    checks.append(values_check("gate order i, f, g, o (weights zero, biases only)", args,
                               ": are the four row blocks read in the order i, f, g, o, each h rows?"))

    # the same step with two cell states: c_prev must flow through the forget gate
    args = draw(rng, "lstm", *sizes(rng), torch.float64)
    other = dict(args, c_prev=torch.from_numpy(rng.normal(0.0, 1.5, size=tuple(args["c_prev"].shape))))
    want_a, want_b = expected(args), expected(other)

    def uses_c_prev(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        got_a, got_b = result_tensor(outcomes[0], 1), result_tensor(outcomes[1], 1)
        if isinstance(got_a, TensorValue) and isinstance(got_b, TensorValue) and got_a.array.shape == got_b.array.shape \
                and np.allclose(got_a.array, got_b.array, atol=1e-12, rtol=0):
            return "two different c_prev gave the same c_t: is c_prev carried through the forget gate?"
        return (compare_pair(outcomes[0], *want_a, "float64")
                or compare_pair(outcomes[1], *want_b, "float64"))

    checks.append(Check("c_prev is used (same inputs, two different c_prev)",
                        [Call(FN, positional(args)), Call(FN, positional(other))], uses_c_prev))

    args = draw(rng, "lstm", *sizes(rng), torch.float64)
    originals = positional(args)
    checks.append(Check("does not modify its inputs", [Call(FN, positional(args), return_inputs=True)],
                        lambda o: first_problem(o) or unchanged_inputs(o[0], originals, ARG_NAMES)))

    # gradients of h_t and of c_t to all seven arguments, against autograd through nn.LSTMCell
    args = draw(rng, "lstm", *sizes(rng), torch.float64)
    B, h = args["h_prev"].shape
    calls, wanted = [], []
    for output in (0, 1):
        leaves = {k: v.detach().clone().requires_grad_(True) for k, v in args.items()}
        cell = torch_cell("lstm", leaves)
        params = [leaves["x_t"], leaves["h_prev"], leaves["c_prev"], cell.weight_ih, cell.weight_hh,
                  cell.bias_ih, cell.bias_hh]
        seed = torch.from_numpy(rng.normal(size=(B, h)))
        result = cell(leaves["x_t"], (leaves["h_prev"], leaves["c_prev"]))[output]
        wanted.append([numpy_of(g) for g in torch.autograd.grad((result * seed).sum(), params)])
        fresh = [args[name].detach().clone().requires_grad_(True) for name in ARG_NAMES]
        calls.append(Call(FN, fresh, grad_seed=seed, grad_output=output))

    def gradients(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return problem
        for output, outcome, want in zip(("h_t", "c_t"), outcomes, wanted):
            if outcome.grads is None:
                return f"no gradient flows through {output} (is it detached from the graph?)"
            for name, got, w in zip(ARG_NAMES, outcome.grads, want):
                if got is None:
                    return f"no gradient reaches {name} through {output}"
                message = tensor_mismatch(f"d{output}/d{name}", got, w, atol=1e-10, rtol=1e-7)
                if message:
                    return message
        return None

    checks.append(Check("gradients of h_t and c_t reach every input and match nn.LSTMCell (float64)",
                        calls, gradients))
    return checks
