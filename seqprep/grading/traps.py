"""Forbidden APIs trapped at run time, in the child, while the submission's code runs.

A task lists what it forbids by name (`torch.softmax`, `torch.nn.Softmax`,
`torch.Tensor.backward`, ...). The trap covers the op, not only the names:

* a `TorchFunctionMode` sees every torch call the submission makes, by any
  path: `torch.*`, `torch.nn.functional.*`, Tensor methods, `torch.ops.aten.*`,
  `torch._C._VariableFunctions`, `torch._C._nn`, `torch._C.TensorBase`, and
  raises on an op whose name is forbidden (`softmax` forbids all of those);
* the same names are replaced by wrappers wherever torch exposes them as a
  settable attribute, in case the mode is popped;
* a forbidden class (`torch.nn.Softmax`) raises when constructed;
* when autograd is forbidden, the autograd engine itself raises.

Traps fire only inside `Traps.armed()`: the runner's own torch work (loading
arguments, backpropagating for a gradient check, encoding results) is never
trapped. Code running in the same process can always undo a trap, so this is
best effort; the source scan (`scan`) is the other half.

    >>> traps = Traps(["torch.softmax"]); traps.names
    {'softmax': 'torch.softmax'}
"""

from __future__ import annotations

import contextlib
import importlib
from typing import Any, Optional

# Where torch exposes the same op under the same (or a prefixed) name.
ALIAS_OWNERS = ("torch", "torch.nn.functional", "torch.special", "torch._C._nn", "torch._C._special", "torch._VF",
                "torch.ops.aten", "torch.Tensor")
AUTOGRAD_PREFIXES = ("torch.autograd.", "torch.func.", "torch._functorch.")


class ForbiddenAPI(RuntimeError):
    pass


def resolve(dotted: str) -> Any:
    """`"torch.nn.functional.softmax"` -> the object, or None when it does not exist."""
    parts = dotted.split(".")
    try:
        obj = importlib.import_module(parts[0])
    except ImportError:
        return None
    for part in parts[1:]:
        try:
            obj = getattr(obj, part)
        except AttributeError:
            return None
    return obj


def op_name(func: Any) -> Optional[str]:
    """The op's bare name: `softmax` for torch.softmax, Tensor.softmax, aten::softmax.int, ..."""
    schema = getattr(func, "_schema", None)
    if schema is not None:
        return schema.name.split("::")[-1]
    qualified = getattr(func, "_qualified_op_name", None)
    if isinstance(qualified, str):
        return qualified.split("::")[-1]
    name = getattr(func, "__name__", None)
    return name if isinstance(name, str) and not name.startswith("__") else None


def _where(func: Any, name: str, listed: str) -> str:
    """How to name what the submission called: the path it used when that is clear."""
    if getattr(func, "_schema", None) is not None or hasattr(func, "_qualified_op_name"):
        return f"torch.ops.aten.{name}"
    qualname = getattr(func, "__qualname__", "") or ""
    if qualname.startswith(("TensorBase.", "Tensor.")):
        return f"torch.Tensor.{name}"
    return listed


class Traps:
    """The traps for one forbidden list; `install()` once, then `armed()` around the submission's code."""

    def __init__(self, forbidden: list[str]) -> None:
        self.forbidden = list(forbidden)
        self.used: list[str] = []
        self._armed = 0
        self.names: dict[str, str] = {}      # op name -> the listed name it comes from
        self.classes: dict[type, str] = {}
        for dotted in self.forbidden:
            obj = resolve(dotted)
            if isinstance(obj, type):
                self.classes.setdefault(obj, dotted)
                continue
            self.names.setdefault(dotted.rsplit(".", 1)[-1], dotted)
            own = op_name(obj) if obj is not None else None
            if own:
                self.names.setdefault(own, dotted)
        self.engine = any(d.startswith(AUTOGRAD_PREFIXES) or d.endswith(".backward") for d in self.forbidden)
        self._mode = None

    def hit(self, what: str) -> None:
        """Record and raise, when armed."""
        if self._armed:
            self.used.append(what)
            raise ForbiddenAPI(f"{what} is not allowed in this task")

    @contextlib.contextmanager
    def armed(self):
        """The submission's code runs inside this block."""
        if self._mode is None:
            self._armed += 1
            try:
                yield
            finally:
                self._armed -= 1
            return
        self._armed += 1
        self._mode.__enter__()
        try:
            yield
        finally:
            try:
                self._mode.__exit__(None, None, None)
            except Exception:  # noqa: BLE001 - the submission may have popped it already
                pass
            self._armed -= 1

    def install(self) -> "Traps":
        if self.names:
            self._mode = _make_mode(self)
            self._wrap_aliases()
        for cls, listed in self.classes.items():
            self._wrap_class(cls, listed)
        if self.engine:
            self._wrap_engine()
        return self

    def _wrap_aliases(self) -> None:
        owners = list(ALIAS_OWNERS) + [d.rsplit(".", 1)[0] for d in self.forbidden if "." in d]
        for owner_name in dict.fromkeys(owners):
            owner = resolve(owner_name)
            if owner is None:
                continue
            for name in self.names:
                for attr in (name, f"special_{name}"):
                    try:
                        original = getattr(owner, attr)
                    except (AttributeError, RuntimeError):
                        continue
                    if getattr(original, "_seqprep_trap", False) or isinstance(original, type):
                        continue
                    try:
                        setattr(owner, attr, self._wrapper(original, f"{owner_name}.{attr}"))
                    except (AttributeError, TypeError):
                        pass  # immutable (torch._C._VariableFunctions, TensorBase): the mode covers it

    def _wrapper(self, original, listed: str):
        traps = self

        def trap(*args, **kwargs):
            traps.hit(listed)
            return original(*args, **kwargs)

        trap._seqprep_trap = True
        trap.__name__ = getattr(original, "__name__", listed.rsplit(".", 1)[-1])
        trap.__doc__ = getattr(original, "__doc__", None)
        return trap

    def _wrap_class(self, cls: type, listed: str) -> None:
        traps = self
        original = cls.__dict__.get("__init__")

        def __init__(self, *args, **kwargs):
            traps.hit(listed)
            if original is not None:
                original(self, *args, **kwargs)
            else:
                super(cls, self).__init__(*args, **kwargs)

        try:
            cls.__init__ = __init__
        except (AttributeError, TypeError):
            pass

    def _wrap_engine(self) -> None:
        variable = resolve("torch.autograd.variable.Variable")
        engine = getattr(variable, "_execution_engine", None)
        if engine is None or isinstance(engine, _EngineTrap):
            return
        try:
            variable._execution_engine = _EngineTrap(engine, self)
        except (AttributeError, TypeError):
            pass


class _EngineTrap:
    """Stands in for torch's autograd engine: backpropagation raises while armed."""

    def __init__(self, engine, traps: Traps) -> None:
        self._engine, self._traps = engine, traps

    def run_backward(self, *args, **kwargs):
        self._traps.hit("torch.autograd (backpropagation by the autograd engine)")
        return self._engine.run_backward(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._engine, name)


def _make_mode(traps: Traps):
    from torch.overrides import TorchFunctionMode

    class ForbiddenOps(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            name = op_name(func)
            if name is not None and name in traps.names:
                traps.hit(_where(func, name, traps.names[name]))
            return func(*args, **(kwargs or {}))

    return ForbiddenOps()
