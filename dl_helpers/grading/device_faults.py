"""Catch a tensor created on the default device, on a machine that has only one device.

Students work on laptops, where every tensor is on the CPU, and ``torch.eye(d)`` next to
their inputs works. On an instructor's GPU the inputs are on CUDA and the same line fails
("Expected all tensors to be on the same device"). To see that fault without a GPU,
:class:`DefaultDeviceTracker` watches the student's function run (a
``torch.overrides.TorchFunctionMode``): a tensor made by a factory (``torch.zeros``,
``torch.eye``, ``torch.tensor``, ...) without ``device=`` is marked as *on the default
device*; so is everything computed from marked tensors alone. An operation that mixes a
marked tensor of one element or more dimensions with an unmarked one (the inputs, what is
computed from them, a tensor created with ``device=x.device`` or ``*_like``), or a marked
tensor returned as the result, is a fault, as it would be on a GPU. Zero-dimensional marked
tensors are exempt (PyTorch lets a CPU scalar tensor meet CUDA tensors), and so is
indexing with a marked index tensor (PyTorch moves CPU indices to the indexed tensor's device).
"""

from __future__ import annotations

import weakref

import torch
from torch import Tensor
from torch.overrides import TorchFunctionMode

FACTORIES = {
    torch.tensor,
    torch.as_tensor,
    torch.from_numpy,
    torch.zeros,
    torch.ones,
    torch.empty,
    torch.full,
    torch.eye,
    torch.arange,
    torch.linspace,
    torch.logspace,
    torch.rand,
    torch.randn,
    torch.randint,
    torch.randperm,
    torch.tril_indices,
    torch.triu_indices,
}
MOVES = {Tensor.to, Tensor.cuda, Tensor.type_as, Tensor.new_tensor}
INDEXING = {Tensor.__getitem__}


def _names_a_device(func, args: tuple, kwargs: dict) -> bool:
    """Whether a move (``.to``, ``.cuda``, ``.type_as``) puts its tensor on a device it names."""
    if func is not Tensor.to:
        return True
    return "device" in kwargs or any(isinstance(a, (torch.device, str, Tensor)) for a in args[1:])


def tensors_in(value: object) -> list[Tensor]:
    """The tensors in a value, a (nested) tuple, list or dict of them."""
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in tensors_in(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in tensors_in(v)]
    return []


class DefaultDeviceFault(RuntimeError):  # noqa: N818 (a fault found, not an error of the tracker)
    """A tensor created on the default device met the inputs' tensors (or was returned)."""


class DefaultDeviceTracker(TorchFunctionMode):
    """Within ``with DefaultDeviceTracker():``, raise :class:`DefaultDeviceFault` where a GPU would fail."""

    def __init__(self) -> None:
        super().__init__()
        # id(tensor) -> (a weak reference to it, the factory that made it); tensors compare
        # elementwise, so they cannot be the keys of a WeakKeyDictionary
        self._marked: dict[int, tuple[weakref.ref, str]] = {}

    def _mark(self, tensor: Tensor, origin: str) -> None:
        key = id(tensor)
        self._marked[key] = (weakref.ref(tensor, lambda _, key=key: self._marked.pop(key, None)), origin)

    def origin(self, tensor: Tensor) -> str | None:
        """The factory that made ``tensor`` on the default device, if it is marked."""
        entry = self._marked.get(id(tensor))
        return entry[1] if entry is not None and entry[0]() is tensor else None

    def returned_origin(self, result: object) -> str | None:
        """The factory of a marked tensor (one element or more dimensions) in ``result``, if any."""
        return next((self.origin(t) for t in tensors_in(result) if t.dim() > 0 and self.origin(t)), None)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        result = func(*args, **kwargs)
        if func in FACTORIES:
            if kwargs.get("device") is None:
                for t in tensors_in(result):
                    self._mark(t, f"torch.{func.__name__}")
            return result
        if func in MOVES:
            origin = self.origin(args[0]) if args and isinstance(args[0], Tensor) else None
            if _names_a_device(func, args, kwargs):
                if isinstance(result, Tensor):
                    self._marked.pop(id(result), None)  # .to() of a tensor already there returns itself
            elif origin is not None and isinstance(result, Tensor):
                self._mark(result, origin)  # .to(dtype) stays where it was
            return result
        inputs = tensors_in(args) + tensors_in(kwargs)
        if func in INDEXING:
            inputs = inputs[:1]
        origins = [self.origin(t) for t in inputs]
        sized = [o for o, t in zip(origins, inputs) if o is not None and t.dim() > 0]
        if sized and any(o is None for o in origins):
            raise DefaultDeviceFault(sized[0])
        if inputs and all(o is not None for o in origins):
            for t in tensors_in(result):
                self._mark(t, origins[0])
        return result


def default_device_message(exercise: str, origin: str, returned: bool) -> str:
    """What a student reads about a tensor made by ``origin`` without ``device=``."""
    where = "is returned" if returned else "meets the inputs' tensors in one operation"
    return (
        f"{exercise}: a tensor made by {origin}(...) without device= is on the default device (the CPU) and "
        f"{where}. That works on a CPU-only machine but fails on a GPU, where the inputs are on CUDA. Create it "
        "on the inputs' device: pass device=x.device (and dtype=x.dtype), or use torch.zeros_like(x) / x.new_zeros(...)."
    )
