"""What runs inside the sandboxed child: import the submission, make the calls
the parent asked for, and write what came back. It judges nothing.

Input, in a read-only folder:
    submission.py   the candidate's file, as submitted (bytes)
    plan.json       {"forbidden": [...], "calls": [call, ...]}
    inputs.npz      the argument arrays, by name
Output, in the child's own folder, per call, written as soon as the call returns:
    out_<id>.json   {"result": <encoded>} or {"error": ..., "line": ...},
                    plus "grads", "params_grads", "inputs_after", "structure" when asked
    out_<id>.npz    the arrays those refer to
and status.json: {"phase": "done"} or {"phase": "import", "error": ...}

A call looks like
    {"id": "c0", "fn": "scaled_dot_product_attention",
     "args": [{"array": "in_1", "torch": true, "requires_grad": true}, {"value": 3}],
     "kwargs": {}, "init": null, "state": null,
     "grad_seed": "in_5", "grad_output": 0, "return_inputs": true}
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import json
import sys
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from .codec import encode, write_json
from .traps import ForbiddenAPI, Traps

SUBMISSION = "submission.py"
BLOCKED_PACKAGES = ("seqprep", "answers")


class _BlockReferenceImports(importlib.abc.MetaPathFinder):
    """A submission may not import the reference answers or the grader."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED_PACKAGES:
            raise ImportError(f"importing '{name}' is not allowed in a submission")
        return None


def install_traps(forbidden: list[str], used: list[str]) -> None:
    """Replace each listed forbidden API by a trap, exactly as named (the in-process harness's traps).

    The sandboxed child uses `traps.Traps`, which also covers the other paths to the same op.
    """
    for dotted in forbidden:
        owner_path, _, attr = dotted.rpartition(".")
        owner: Any = None
        parts = owner_path.split(".")
        try:
            owner = importlib.import_module(parts[0])
            for part in parts[1:]:
                owner = getattr(owner, part)
        except (ImportError, AttributeError):
            continue
        if not hasattr(owner, attr):
            continue

        def trap(*args, __name=dotted, **kwargs):
            used.append(__name)
            raise ForbiddenAPI(f"{__name} is not allowed in this task")

        try:
            setattr(owner, attr, trap)
        except (AttributeError, TypeError):
            pass


def _user_line(exc: BaseException) -> int | None:
    """The last line of the submission in the traceback (never a grader line)."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).name == SUBMISSION:
            line = frame.lineno
    return line


def _describe(exc: BaseException) -> dict:
    message = str(exc).splitlines()[0][:300] if str(exc) else ""
    lowered = message.lower()
    oom = isinstance(exc, MemoryError) or "can't allocate memory" in lowered or \
        "cannot allocate memory" in lowered or "DefaultCPUAllocator" in message or "not enough memory" in lowered
    return {"error": f"{type(exc).__name__}: {message}" if message else type(exc).__name__,
            "line": _user_line(exc), "oom": oom, "forbidden": isinstance(exc, ForbiddenAPI)}


def _load_arg(spec: dict, inputs):
    import torch

    if "value" in spec:
        return spec["value"]
    if "bytes" in spec:
        return inputs[spec["bytes"]].tobytes()
    if "embedding" in spec:
        e = spec["embedding"]
        weight = torch.from_numpy(inputs[e["weight"]].copy())
        module = torch.nn.Embedding(weight.shape[0], weight.shape[1], padding_idx=e.get("padding_idx"),
                                    dtype=weight.dtype)
        with torch.no_grad():
            module.weight.copy_(weight)
        return module
    array = inputs[spec["array"]].copy()  # each call gets its own writable copy
    if not spec.get("torch", True):
        return array
    tensor = torch.from_numpy(array)
    if spec.get("permute"):  # sent in memory order: the view makes it non-contiguous again
        tensor = tensor.permute(*spec["permute"])
    if spec.get("requires_grad"):
        tensor.requires_grad_(True)
    return tensor


def _structure(module) -> dict:
    """Names, types and shapes of a module's children and parameters."""
    import torch

    children = {}
    for name, child in module.named_children():
        info = {"class": type(child).__name__, "is_linear": isinstance(child, torch.nn.Linear)}
        if isinstance(child, torch.nn.Linear):
            info.update(in_features=child.in_features, out_features=child.out_features,
                        bias=child.bias is not None)
        children[name] = info
    params = {name: list(p.shape) for name, p in module.named_parameters()}
    return {"children": children, "params": params}


def _call(module_ns, call: dict, inputs, arrays: dict, guard=contextlib.nullcontext) -> dict:
    """Evaluate one call; `guard()` wraps the submission's own code (the forbidden-API traps)."""
    import torch

    out: dict[str, Any] = {}
    target = getattr(module_ns, call["fn"], None)
    if target is None:
        return {"error": f"your file does not define {call['fn']}", "line": None, "missing": True}
    args = [_load_arg(a, inputs) for a in call.get("args", [])]
    kwargs = {k: _load_arg(v, inputs) for k, v in call.get("kwargs", {}).items()}
    params = {}
    if call.get("init") is not None:
        with guard():
            instance = target(**call["init"])
        if not isinstance(instance, torch.nn.Module):
            return {"error": f"{call['fn']}(...) did not create an nn.Module", "line": None}
        out["structure"] = _structure(instance)
        if call.get("state") is not None:
            state = {k: torch.from_numpy(inputs[v].copy()) for k, v in call["state"].items()}
            dtypes = {t.dtype for t in state.values()}
            if len(dtypes) == 1:  # the parameters take the dtype of the weights they receive
                instance = instance.to(dtypes.pop())
            missing, unexpected = [], []
            own = dict(instance.named_parameters())
            missing = sorted(set(state) - set(own))
            unexpected = sorted(set(own) - set(state))
            if missing or unexpected:
                out["error"] = ("parameters do not match: "
                                + (f"missing {', '.join(missing)}" if missing else "")
                                + ("; " if missing and unexpected else "")
                                + (f"unexpected {', '.join(unexpected)}" if unexpected else ""))
                out["line"] = None
                return out
            with torch.no_grad():
                for name, value in state.items():
                    if tuple(own[name].shape) != tuple(value.shape):
                        out["error"] = (f"parameter {name} has shape {tuple(own[name].shape)}, "
                                        f"expected {tuple(value.shape)}")
                        out["line"] = None
                        return out
                    own[name].copy_(value)
            params = own
        target = instance
    with guard():
        result = target(*args, **kwargs)
    out["result"] = encode(result, arrays, "result")
    if call.get("grad_seed"):
        seed = torch.from_numpy(inputs[call["grad_seed"]].copy())
        picked = result
        index = call.get("grad_output")
        if index is not None and isinstance(result, (tuple, list)):
            picked = result[index]
        if not isinstance(picked, torch.Tensor) or not picked.requires_grad:
            out["grads"] = None
        else:
            (picked * seed.to(picked.dtype)).sum().backward()
            out["grads"] = [encode(a.grad, arrays, f"grad_{i}")
                            if isinstance(a, torch.Tensor) and a.requires_grad else None
                            for i, a in enumerate(args)]
            out["params_grads"] = {name: encode(p.grad, arrays, f"pgrad_{i}")
                                   for i, (name, p) in enumerate(params.items())}
    if call.get("return_inputs"):
        out["inputs_after"] = [encode(a, arrays, f"after_{i}") for i, a in enumerate(args)]
    return out


def run(inputs_dir: Path, work: Path) -> None:
    """Entry point in the child: inputs from `inputs_dir` (read-only), results into `work`.

    The module is named `submission`, so its `if __name__ == "__main__":` block never runs.
    """
    sys.dont_write_bytecode = True
    plan = json.loads((inputs_dir / "plan.json").read_text(encoding="utf-8"))
    for name in list(sys.modules):
        if name.split(".")[0] in BLOCKED_PACKAGES:
            del sys.modules[name]
    sys.meta_path.insert(0, _BlockReferenceImports())
    traps = Traps(plan.get("forbidden", [])).install()
    status_path = work / "status.json"
    spec = importlib.util.spec_from_file_location("submission", inputs_dir / SUBMISSION)
    module_ns = importlib.util.module_from_spec(spec)
    sys.modules["submission"] = module_ns
    try:
        with traps.armed():
            spec.loader.exec_module(module_ns)
    except BaseException as exc:  # noqa: BLE001 - anything the submission raises is a verdict
        write_json(status_path, {"phase": "import", **_describe(exc), "forbidden_used": traps.used})
        return
    inputs = np.load(inputs_dir / "inputs.npz", allow_pickle=False)
    inputs = {name: inputs[name] for name in inputs.files}
    for call in plan["calls"]:
        arrays: dict = {}
        try:
            record = _call(module_ns, call, inputs, arrays, traps.armed)
        except BaseException as exc:  # noqa: BLE001
            record = _describe(exc)
        if arrays:
            np.savez(work / f"out_{call['id']}.npz", **arrays)
        write_json(work / f"out_{call['id']}.json", record)
    write_json(status_path, {"phase": "done", "forbidden_used": traps.used})
