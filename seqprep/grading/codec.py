"""How values cross the sandbox boundary: JSON plus arrays in `.npz` files, never pickle.

The child encodes what a submission returned; the parent decodes it. Arrays
are collected in a dict and saved as one `.npz` per call (`np.savez`); the
parent opens it with `allow_pickle=False`, so an object array cannot load.
Only plain data survives the trip: tensors and arrays, exact Python scalars,
strings, bytes, lists, tuples, str-keyed dicts, and `nn.Embedding` (weight
plus its attributes). Anything else (a subclass of int with a custom
`__eq__`, an object array, a generator) is encoded as "unsupported" and
fails the check that needed it.

    >>> arrays = {}
    >>> encode({"a": [1, "x"]}, arrays, "c0")
    {'t': 'dict', 'items': {'a': {'t': 'list', 'items': [{'t': 'py', 'v': 1}, {'t': 'py', 'v': 'x'}]}}}
"""

from __future__ import annotations

import json
import math
import re
import zipfile
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


def encode(obj: Any, arrays: dict, stem: str, _count: _Counter | None = None, _depth: int = 0) -> dict:
    """Child side: turn `obj` into JSON-able data; arrays go into `arrays[name]`."""
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
        weight = encode(obj.weight, arrays, stem + "_w", count, _depth + 1)
        return {"t": "embedding", "weight": weight, "padding_idx": obj.padding_idx,
                "class": kind.__name__, "requires_grad": bool(obj.weight.requires_grad)}
    if torch is not None and isinstance(obj, torch.Tensor):
        tensor = torch.Tensor.detach(obj).cpu()
        dtype = str(tensor.dtype)
        if tensor.dtype in (torch.bfloat16, torch.float16):
            tensor = tensor.float()
        arrays[stem] = np.ascontiguousarray(tensor.numpy())
        return {"t": "tensor", "key": stem, "dtype": dtype}
    if kind is np.ndarray:
        if obj.dtype.hasobject:
            return {"t": "unsupported", "type": "numpy array of Python objects"}
        arrays[stem] = np.ascontiguousarray(obj)
        return {"t": "ndarray", "key": stem, "dtype": f"numpy.{obj.dtype}"}
    if kind is bytes:
        arrays[stem] = np.frombuffer(obj, dtype=np.uint8)
        return {"t": "bytes", "key": stem}
    if kind in (list, tuple):
        items = [encode(x, arrays, f"{stem}_{i}", count, _depth + 1) for i, x in enumerate(obj)]
        return {"t": "list" if kind is list else "tuple", "items": items}
    if kind is dict:
        if not all(type(k) is str for k in obj):
            return {"t": "unsupported", "type": "dict with non-string keys"}
        return {"t": "dict", "items": {k: encode(v, arrays, f"{stem}_{i}", count, _depth + 1)
                                       for i, (k, v) in enumerate(obj.items())}}
    return {"t": "unsupported", "type": f"{kind.__module__}.{kind.__qualname__}"}


def decode(data: Any, arrays) -> Any:
    """Parent side: the inverse of `encode`; `arrays` is the call's opened `.npz` (or a dict)."""
    if not isinstance(data, dict) or "t" not in data:
        raise ValueError("malformed result")
    t = data["t"]
    if t == "py":
        value = data["v"]
        if type(value) not in _PY:
            raise ValueError("malformed scalar")
        return value
    if t in ("tensor", "ndarray"):
        return TensorValue(_array(arrays, data["key"]), str(data["dtype"]), t == "tensor")
    if t == "bytes":
        return _array(arrays, data["key"]).astype(np.uint8, copy=False).tobytes()
    if t == "list":
        return [decode(x, arrays) for x in data["items"]]
    if t == "tuple":
        return tuple(decode(x, arrays) for x in data["items"])
    if t == "dict":
        return {str(k): decode(v, arrays) for k, v in data["items"].items()}
    if t == "embedding":
        weight = decode(data["weight"], arrays)
        if not isinstance(weight, TensorValue):
            raise ValueError("malformed embedding")
        padding = data.get("padding_idx")
        return EmbeddingValue(weight.array, weight.dtype, padding if type(padding) is int else None,
                              str(data.get("class")), bool(data.get("requires_grad")))
    if t == "unsupported":
        return Unsupported(str(data.get("type")))
    raise ValueError(f"unknown result type {t!r}")


def _array(arrays, key: Any) -> np.ndarray:
    if not isinstance(key, str) or key not in arrays:
        raise ValueError("a result refers to an array that is not there")
    return np.asarray(arrays[key])


ARRAYS_CAP = 64 * 2**20  # bytes of one call's .npz; the child's whole folder is capped at that too
_NPY_HEADER = re.compile(r"\{'descr': *'([<>|=]?[a-zA-Z]\d*)', *'fortran_order': *(True|False), *"
                         r"'shape': *\(((?:\d+, *)*\d*)\),? *\}")


def open_arrays(path: Path, cap: int = ARRAYS_CAP) -> dict:
    """The arrays a call wrote ({} when it wrote none), read without pickle and in one pass.

    Checked before anything is allocated, so that no file can make the grader
    hold more than the file's own size: at most `cap` bytes, stored
    (uncompressed) `.npy` members only, a plain dtype (never an object), and
    each member exactly as long as its header's shape and dtype say.
    """
    if not path.is_file():
        return {}
    if path.stat().st_size > cap:
        raise ValueError(f"a result file is larger than {cap // 2**20} MB")
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_STORED or info.file_size != info.compress_size:
                raise ValueError("a result file holds compressed data")
            if not info.filename.endswith(".npy") or "/" in info.filename:
                raise ValueError("a result file holds something that is not an array")
            with archive.open(info) as member:
                arrays[info.filename[:-4]] = _read_npy(member, info.file_size)
    return arrays


def _read_npy(member, size: int) -> np.ndarray:
    magic = member.read(8)
    if magic[:6] != b"\x93NUMPY" or magic[6] not in (1, 2, 3):
        raise ValueError("a result array has no .npy header")
    width = 2 if magic[6] == 1 else 4
    length = int.from_bytes(member.read(width), "little")
    if length > 4096:
        raise ValueError("a result array has an oversized header")
    match = _NPY_HEADER.fullmatch(member.read(length).decode("latin1").strip())
    if match is None:
        raise ValueError("a result array has a header this grader does not read")
    dtype = np.dtype(match.group(1))
    shape = tuple(int(x) for x in match.group(3).replace(" ", "").split(",") if x)
    if dtype.hasobject:
        raise ValueError("Object arrays cannot be loaded when allow_pickle=False")
    if 8 + width + length + math.prod(shape) * dtype.itemsize != size:
        raise ValueError("a result array is not the size its header says")
    array = np.empty(math.prod(shape), dtype=dtype)
    if array.nbytes:
        view = memoryview(array).cast("B")
        filled = 0
        while filled < len(view):
            got = member.readinto(view[filled:])
            if not got:
                raise ValueError("a result array is shorter than its header says")
            filled += got
    return array.reshape(shape, order="F" if match.group(2) == "True" else "C")


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(path)


def _torch():
    import sys

    return sys.modules.get("torch")
