"""Refuse shortcut calls while a student's function runs.

An exercise asks students to write, say, ``mse_loss`` from tensor operations;
calling ``torch.nn.functional.mse_loss`` or the course's reference instead would
pass the checks without learning anything. While the student's function runs, a
profile hook (``sys.setprofile``) watches every call, so an alias made earlier
(``from torch.nn.functional import mse_loss as f``) is caught too: Python functions
are recognised by their code object, built-in functions by identity, and methods of
built-in types (``torch.Tensor.logsumexp``, called as ``x.logsumexp(1)``) by their name
and the type of the object they are called on, since each such call binds the method anew.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import CodeType


class ShortcutError(RuntimeError):
    """Raised when a student's function calls what the exercise asks them to write."""


def resolve(dotted: str) -> object | None:
    """The object named ``package.module.attr[.attr...]`` if its module is already imported, else None.

    Nothing is imported: a module nobody has imported cannot have been called, and importing
    scikit-learn or SciPy just to refuse them would slow every check down.
    """
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        obj = sys.modules.get(".".join(parts[:split]))
        if obj is None:
            continue
        try:
            for attr in parts[split:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def _code_of(obj: object) -> CodeType | None:
    """The Python code object a callable runs, looking through wrappers and NumPy's dispatchers."""
    for _ in range(5):
        code = getattr(obj, "__code__", None)
        if isinstance(code, CodeType):
            return code
        inner = (
            getattr(obj, "_implementation", None) or getattr(obj, "__wrapped__", None) or getattr(obj, "__func__", None)
        )
        if inner is None:
            return None
        obj = inner
    return None


class ShortcutGuard:
    """The set of forbidden callables for one exercise, and what to say when one is called."""

    def __init__(self, names: Iterable[str], exercise: str):
        self.exercise = exercise
        self.names = tuple(names)

    def _forbidden(self) -> tuple[dict[CodeType, str], dict[int, str], dict[str, tuple[type, str]], list[object]]:
        """Code objects, built-ins and built-in methods of the forbidden functions whose modules are loaded now."""
        codes: dict[CodeType, str] = {}
        builtins: dict[int, str] = {}
        methods: dict[str, tuple[type, str]] = {}  # method name -> (the type that defines it, dotted name)
        objects: list[object] = []  # keeps the ids in `builtins` valid while the guard is active
        for name in self.names:
            obj = resolve(name)
            if obj is None:
                continue
            code = _code_of(obj)
            owner = getattr(obj, "__objclass__", None)
            if code is not None:
                codes[code] = name
            elif isinstance(owner, type):
                methods[obj.__name__] = (owner, name)
            else:
                builtins[id(obj)] = name
                objects.append(obj)
        return codes, builtins, methods, objects

    def _message(self, name: str) -> str:
        return (
            f"{self.exercise}: your function called {name}, which computes the answer for you. "
            f"The exercise is to write it from tensor operations; remove that call and try again."
        )

    @contextmanager
    def active(self) -> Iterator[None]:
        """Within this block, a call to a forbidden function raises :class:`ShortcutError`."""
        codes, builtins, methods, _objects = self._forbidden()
        owner = threading.get_ident()

        def hook(frame, event, arg):
            if threading.get_ident() != owner:
                return
            if event == "call":
                name = codes.get(frame.f_code)
            elif event == "c_call":
                name = builtins.get(id(arg))
                if name is None and methods:
                    method = methods.get(getattr(arg, "__name__", None))
                    if method is not None and isinstance(getattr(arg, "__self__", None), method[0]):
                        name = method[1]
            else:
                return
            if name is not None:
                sys.setprofile(previous)
                raise ShortcutError(self._message(name))

        previous = sys.getprofile()
        sys.setprofile(hook)
        try:
            yield
        finally:
            sys.setprofile(previous)
