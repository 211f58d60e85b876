"""Hidden checks: one module per task, each exposing `build(rng) -> list[Check]`.

A `Check` names what it verifies ("causal: changing a future token leaves
earlier outputs unchanged"), the `Call`s whose results it needs, and a
`judge` that gets the `Outcome` of each call and returns None (pass) or a
message. Calls run in the sandboxed child; judges run in the grader, on
decoded data only, so nothing a submission does can change a verdict.

Inputs are drawn from `rng` (a fresh seed per run), and expected values come
from `answers/` and torch, computed here in the grader.

Inputs are chosen to separate, not only drawn: whatever the seed, every
task's checks include the cases that tell its common bugs apart (sizes that
are pairwise different, so T_q, T_k, d_k, d_v, B and H cannot be confused;
a `dim` other than the last; a batch of one and of several; transposed,
non-contiguous inputs; the edge values its statement names). The seed varies
the values, never whether a bug class is exercised. `tests/grading` checks
this over thousands of seeds and by mutation testing (`tests/grading/mutate.py`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np

from ..codec import TensorValue


@dataclass
class Call:
    """Ask the child to evaluate `fn(*args, **kwargs)`, or `fn(**init)(*args)` for a class.

    Tensors in args are sent as tensors (keeping dtype and requires_grad),
    NumPy arrays as arrays, `bytes` as bytes, `nn.Embedding` as a fresh
    module; everything else must be JSON.
    """

    fn: str
    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)
    init: Optional[dict] = None
    state: Optional[dict] = None            # name -> tensor, loaded into the instance
    grad_seed: Any = None                   # tensor G: backprop sum(out * G)
    grad_output: Optional[int] = None       # which element of a tuple result to backprop
    return_inputs: bool = False             # send the args back after the call (mutation check)
    id: str = ""


@dataclass
class Outcome:
    """What came back for one call (all decoded, plain data)."""

    ran: bool = False
    result: Any = None
    error: Optional[str] = None
    line: Optional[int] = None
    oom: bool = False
    forbidden: bool = False
    missing: bool = False
    grads: Optional[list] = None
    params_grads: Optional[dict] = None
    inputs_after: Optional[list] = None
    structure: Optional[dict] = None
    not_run_reason: str = "it was not run"

    def problem(self) -> Optional[str]:
        """Why this call gave no usable result, or None."""
        if not self.ran:
            return self.not_run_reason
        if self.error is None:
            return None
        if self.oom:
            return "out of memory"
        where = f" (line {self.line})" if self.line else ""
        return f"raised {self.error}{where}"


Judge = Callable[[list[Outcome]], Optional[str]]


@dataclass
class Check:
    """One verdict line: `judge(outcomes of calls)` returns None (pass) or a message.

    `fixed_inputs` marks a check whose calls get the same inputs on every seed (the
    tiled-attention memory check): in-process seed sweeps evaluate it once per solution.
    """

    name: str
    calls: list[Call]
    judge: Judge
    fixed_inputs: bool = False


def distinct(rng: np.random.Generator, k: int, low: int, high: int) -> list[int]:
    """k pairwise different ints from [low, high), in random order: sizes no bug can confuse.

    >>> distinct(np.random.default_rng(0), 3, 2, 6)   # e.g. (Tq, Tk, d_k)
    [4, 5, 3]
    """
    return [int(v) for v in rng.choice(np.arange(low, high), size=k, replace=False)]


def transposed(tensor, dim0: int = -1, dim1: int = -2):
    """The same values in a transposed memory layout: a non-contiguous tensor of the same shape.

    It reaches the submission non-contiguous (the grader sends the layout), so
    `.view()` on it fails as it would on a user's transposed input.
    """
    return tensor.transpose(dim0, dim1).contiguous().transpose(dim0, dim1)


def load(task_id: str):
    """The checks module of a task: `load("sdpa").build(rng)`."""
    return importlib.import_module(f"{__name__}.{task_id.replace('-', '_')}")


# --- helpers shared by the task modules -----------------------------------------

def first_problem(outcomes: list[Outcome]) -> Optional[str]:
    for outcome in outcomes:
        problem = outcome.problem()
        if problem:
            return problem
    return None


_NOT_HINTED = ("ForbiddenAPI", "does not define", "dtype ", "timeout", "out of memory", "not run", "import",
               "could not be")


def hinted(message: Optional[str], hint: str) -> Optional[str]:
    """`message (hint)` for a wrong value, shape or error: what to look at, never the hidden inputs.

    A message that already says what is wrong (a forbidden API, a missing function, a dtype,
    a timeout) is left as it is.
    """
    if not message or not hint or any(marker in message for marker in _NOT_HINTED):
        return message
    return f"{message} ({hint})"


def result_tensor(outcome: Outcome, index: Optional[int] = None) -> Any:
    """The result, or element `index` of a tuple/list result (None if absent)."""
    value = outcome.result
    if index is None:
        return value
    if isinstance(value, (tuple, list)) and len(value) > index:
        return value[index]
    return None


def as_array(value: Any) -> Optional[np.ndarray]:
    return value.array if isinstance(value, TensorValue) else None


def numpy_of(tensor) -> np.ndarray:
    """A torch tensor (or anything array-like) as a NumPy array, detached."""
    if hasattr(tensor, "detach"):
        return tensor.detach().cpu().numpy()
    return np.asarray(tensor)


def dtype_name(tensor) -> str:
    return str(tensor.dtype).split(".")[-1]


def unchanged_inputs(outcome: Outcome, originals: list, names: list[str]) -> Optional[str]:
    """The child sent back its arguments after the call: they must equal the originals."""
    if outcome.inputs_after is None:
        return "the inputs could not be inspected after the call"
    for name, before, after in zip(names, originals, outcome.inputs_after):
        if before is None:
            continue
        arr = as_array(after)
        if arr is None or arr.shape != numpy_of(before).shape or \
                not np.array_equal(arr, numpy_of(before), equal_nan=True):
            return f"the function modified its input {name} in place"
    return None
