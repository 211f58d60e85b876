"""How values cross the sandbox boundary: JSON plus `.npy` files, never pickle.

The child encodes what a submission returned; the parent decodes it. Only
plain data survives the trip: tensors and arrays (saved with
`allow_pickle=False`), exact Python scalars, strings, bytes, lists, tuples,
str-keyed dicts, and `nn.Embedding` (weight plus its attributes). Anything
else (a subclass of int with a custom `__eq__`, an object array, a
generator) is encoded as "unsupported" and fails the check that needed it.

    >>> encode({"a": [1, "x"]}, Path("/tmp"), "c0")
    {'t': 'dict', 'items': {'a': {'t': 'list', 'items': [{'t': 'py', 'v': 1}, {'t': 'py', 'v': 'x'}]}}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

_PY = (bool, int, float, str, type(None))
MAX_ITEMS = 1_000_000


@dataclass(frozen=True)
class Unsupported:
    type_name: str


@dataclass(frozen=True)
class TensorValue:
    """A tensor or array as the parent sees it: values plus where it came from."""

    array: np.ndarray
    dtype: str          # "torch.float32", "numpy.float64", ...
    is_tensor: bool


@dataclass(frozen=True)
class EmbeddingValue:
    weight: np.ndarray
    dtype: str
    padding_idx: Any
    class_name: str
    requires_grad: bool


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def tick(self) -> None:
        self.n += 1
        if self.n > MAX_ITEMS:
            raise ValueError("the result is too large to return")


def encode(obj: Any, folder: Path, stem: str, _count: _Counter | None = None, _depth: int = 0) -> dict:
    """Child side: turn `obj` into JSON-able data; arrays go to `folder/stem*.npy`."""
    count = _count or _Counter()
    count.tick()
    if _depth > 20:
        return {"t": "unsupported", "type": "deeply nested value"}
    kind = type(obj)
    if kind in _PY:
        return {"t": "py", "v": obj}
    if isinstance(obj, (np.integer, np.floating, np.bool_)) and kind.__module__ == "numpy":
        return {"t": "py", "v": obj.item()}
    torch = _torch()
    if torch is not None and isinstance(obj, torch.nn.Embedding):
        weight = encode(obj.weight, folder, stem + "_w", count, _depth + 1)
        return {"t": "embedding", "weight": weight, "padding_idx": obj.padding_idx,
                "class": kind.__name__, "requires_grad": bool(obj.weight.requires_grad)}
    if torch is not None and isinstance(obj, torch.Tensor):
        tensor = torch.Tensor.detach(obj).cpu()
        dtype = str(tensor.dtype)
        if tensor.dtype in (torch.bfloat16, torch.float16):
            tensor = tensor.float()
        array = np.ascontiguousarray(tensor.numpy())
        return _save(array, folder, stem, dtype, is_tensor=True)
    if kind is np.ndarray:
        if obj.dtype.hasobject:
            return {"t": "unsupported", "type": "numpy array of Python objects"}
        return _save(np.ascontiguousarray(obj), folder, stem, f"numpy.{obj.dtype}", is_tensor=False)
    if kind is bytes:
        path = folder / f"{stem}.bin"
        path.write_bytes(obj)
        return {"t": "bytes", "file": path.name}
    if kind in (list, tuple):
        items = [encode(x, folder, f"{stem}_{i}", count, _depth + 1) for i, x in enumerate(obj)]
        return {"t": "list" if kind is list else "tuple", "items": items}
    if kind is dict:
        if not all(type(k) is str for k in obj):
            return {"t": "unsupported", "type": "dict with non-string keys"}
        return {"t": "dict", "items": {k: encode(v, folder, f"{stem}_{i}", count, _depth + 1)
                                       for i, (k, v) in enumerate(obj.items())}}
    return {"t": "unsupported", "type": f"{kind.__module__}.{kind.__qualname__}"}


def _save(array: np.ndarray, folder: Path, stem: str, dtype: str, is_tensor: bool) -> dict:
    path = folder / f"{stem}.npy"
    np.save(path, array, allow_pickle=False)
    return {"t": "tensor" if is_tensor else "ndarray", "file": path.name, "dtype": dtype}


def decode(data: Any, folder: Path) -> Any:
    """Parent side: the inverse of `encode`, reading arrays with allow_pickle=False."""
    if not isinstance(data, dict) or "t" not in data:
        raise ValueError("malformed result")
    t = data["t"]
    if t == "py":
        value = data["v"]
        if type(value) not in _PY:
            raise ValueError("malformed scalar")
        return value
    if t in ("tensor", "ndarray"):
        array = np.load(_inside(folder, data["file"]), allow_pickle=False)
        return TensorValue(array, str(data["dtype"]), t == "tensor")
    if t == "bytes":
        return _inside(folder, data["file"]).read_bytes()
    if t == "list":
        return [decode(x, folder) for x in data["items"]]
    if t == "tuple":
        return tuple(decode(x, folder) for x in data["items"])
    if t == "dict":
        return {str(k): decode(v, folder) for k, v in data["items"].items()}
    if t == "embedding":
        weight = decode(data["weight"], folder)
        if not isinstance(weight, TensorValue):
            raise ValueError("malformed embedding")
        padding = data.get("padding_idx")
        return EmbeddingValue(weight.array, weight.dtype, padding if type(padding) is int else None,
                              str(data.get("class")), bool(data.get("requires_grad")))
    if t == "unsupported":
        return Unsupported(str(data.get("type")))
    raise ValueError(f"unknown result type {t!r}")


def _inside(folder: Path, name: str) -> Path:
    path = (folder / str(name)).resolve()
    if path.parent != folder.resolve():
        raise ValueError("result file outside the sandbox folder")
    return path


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(path)


def _torch():
    import sys

    return sys.modules.get("torch")
