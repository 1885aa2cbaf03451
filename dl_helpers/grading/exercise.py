"""An exercise: a reference function, the inputs it is checked on, and the known mistakes.

A test cell checks one property of a student's function with one call, e.g.::

    exercise("mse_loss").check(mse_loss)                      # fixed inputs
    exercise("mse_loss").check(mse_loss, cases="random", seed=7)
    exercise("mse_loss").check_gradients(mse_loss)
    exercise("mse_loss").check_dtypes(mse_loss)

Every check runs the student's function on copies of the inputs, on the course
device (:func:`dl_helpers.device.get_device`), with shortcut calls refused
(:mod:`dl_helpers.grading.guard`), and compares the result with the reference's
(:mod:`dl_helpers.grading.compare`). A failure raises :class:`GradingError`, an
``AssertionError`` whose message says what was checked, on which inputs, expected
vs got, and, when the output matches a known mistake, which mistake that is.
Checks return None, so nbgrader gives the test cell full marks when it passes.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from torch import Tensor

from dl_helpers.device import get_device
from dl_helpers.grading.compare import Mismatch, Tolerance, compare, describe_value, tolerance_for
from dl_helpers.grading.guard import ShortcutError, ShortcutGuard

Args = tuple
Kwargs = dict


class GradingError(AssertionError):
    """A check failed; the message explains what was checked and what went wrong."""


@dataclass(frozen=True)
class Case:
    """One set of inputs, built in float64 on the CPU and moved to the checked device and dtype."""

    label: str
    args: Args
    kwargs: Kwargs = field(default_factory=dict)


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong implementation and the hint shown when a student's output matches it."""

    name: str
    hint: str
    fn: Callable


def _convert(value: object, device: torch.device, dtype: torch.dtype) -> object:
    if isinstance(value, Tensor):
        value = value.to(device)
        return value.to(dtype) if value.is_floating_point() else value
    if isinstance(value, (tuple, list)):
        return type(value)(_convert(v, device, dtype) for v in value)
    return value


def _clone(value: object) -> object:
    """A copy of an argument, so the reference and the student each get untouched inputs.

    A ``torch.Generator`` is copied with its state: both functions then draw the same numbers.
    """
    if isinstance(value, Tensor):
        return value.detach().clone()
    if isinstance(value, torch.Generator):
        copy = torch.Generator(device=value.device)
        copy.set_state(value.get_state())
        return copy
    if isinstance(value, (tuple, list)):
        return type(value)(_clone(v) for v in value)
    if isinstance(value, dict):
        return {key: _clone(v) for key, v in value.items()}
    return value


def _unchanged(before: object, after: object) -> bool:
    if isinstance(before, Tensor):
        return before.shape == after.shape and bool(torch.equal(before.nan_to_num(), after.detach().nan_to_num()))
    if isinstance(before, (tuple, list)):
        return all(_unchanged(b, a) for b, a in zip(before, after))
    return True


@dataclass
class Exercise:
    """A graded exercise: the student writes a function with the reference's name and signature.

    Attributes:
        name: the function's name, also the exercise id used in test cells and tests.
        reference: the reference implementation in :mod:`dl_helpers.reference`.
        fixed_cases: small hand-made inputs, shown to students in the visible tests.
        random_case: makes one random input from a seeded generator (random shapes too).
        edge_cases: inputs at the edges: extreme magnitudes, a single sample, ...
        differentiable: names of the arguments that gradients are checked for.
        mistakes: known wrong implementations, most specific first.
        forbidden: dotted names of functions that would do the exercise for the student.
        tolerance_scale: multiplies the default tolerance (ill-conditioned problems need more).
    """

    name: str
    reference: Callable
    fixed_cases: Callable[[], Sequence[Case]]
    random_case: Callable[[torch.Generator], Case]
    edge_cases: Callable[[], Sequence[Case]] = lambda: ()
    differentiable: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    forbidden: tuple[str, ...] = ()
    tolerance_scale: float = 1.0

    def __post_init__(self) -> None:
        self._parameters = list(inspect.signature(self.reference).parameters)
        self._guard = ShortcutGuard(
            (*self.forbidden, f"{self.reference.__module__}.{self.reference.__name__}"), self.name
        )

    # -- the checks a test cell calls ---------------------------------------------------------

    def check(
        self, fn: Callable, cases: str = "fixed", seed: int = 0, n: int = 10, dtype: torch.dtype = torch.float64
    ) -> None:
        """Check values, shape, dtype and device of ``fn``'s output against the reference.

        Args:
            fn: the student's function.
            cases: "fixed" (the hand-made inputs), "random" (``n`` random inputs from
                ``seed``) or "edge" (extreme and degenerate inputs).
            seed: seed of the random inputs.
            n: number of random inputs.
            dtype: floating-point dtype of the inputs.
        """
        __tracebackhide__ = True
        self._require_callable(fn)
        device = get_device()
        for case in self._cases(cases, seed, n):
            self._check_case(fn, case, device, dtype)

    def check_dtypes(self, fn: Callable, seed: int = 0, n: int = 3) -> None:
        """Check that ``fn`` keeps its inputs' dtype and device, on ``n`` random inputs in float32 and in float64."""
        __tracebackhide__ = True
        self._require_callable(fn)
        device = get_device()
        for dtype in (torch.float32, torch.float64):
            for case in self._cases("random", seed, n):
                self._check_case(fn, case, device, dtype)

    def check_gradients(self, fn: Callable, seed: int = 0, n: int = 3) -> None:
        """Check that gradients flow through ``fn`` to its differentiable inputs and equal the reference's."""
        __tracebackhide__ = True
        self._require_callable(fn)
        if not self.differentiable:
            raise ValueError(f"{self.name} has no differentiable arguments to check")
        device = get_device()
        for case in self._cases("random", seed, n):
            self._check_gradient_case(fn, case, device)

    # -- internals ------------------------------------------------------------------------

    def _require_callable(self, fn: object) -> None:
        __tracebackhide__ = True
        if not callable(fn):
            raise GradingError(f"{self.name}: expected a function, got {type(fn).__name__}")

    def _cases(self, kind: str, seed: int, n: int) -> list[Case]:
        if kind == "fixed":
            return list(self.fixed_cases())
        if kind == "edge":
            return list(self.edge_cases())
        if kind == "random":
            return [self.random_case(torch.Generator().manual_seed(seed * 1_000 + i)) for i in range(n)]
        raise ValueError(f"cases must be 'fixed', 'random' or 'edge', got {kind!r}")

    def _describe_inputs(self, args: Args, kwargs: Kwargs) -> str:
        named = list(zip(self._parameters, args)) + list(kwargs.items())
        return ", ".join(f"{name} = {describe_value(value)}" for name, value in named)

    def _run_student(self, fn: Callable, case: Case, args: Args, kwargs: Kwargs) -> object:
        """Call ``fn`` with shortcuts refused and warnings shown on stdout (stderr would zero the cell)."""
        __tracebackhide__ = True
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with self._guard.active():
                    result = fn(*args, **kwargs)
            except ShortcutError as error:
                raise GradingError(str(error)) from None
            except NotImplementedError:
                raise GradingError(f"{self.name} is not implemented yet: it raised NotImplementedError.") from None
            except Exception as error:
                raise GradingError(
                    f"{self.name} raised {type(error).__name__}: {error}\n"
                    f'on case "{case.label}" with inputs: {self._describe_inputs(args, kwargs)}'
                ) from error
        for warning in caught:
            print(f"Warning from {self.name}: {warning.category.__name__}: {warning.message}")
        return result

    def _check_case(self, fn: Callable, case: Case, device: torch.device, dtype: torch.dtype) -> None:
        __tracebackhide__ = True
        args = _convert(case.args, device, dtype)
        kwargs = _convert(case.kwargs, device, dtype)
        expected = self.reference(*_clone(args), **_clone(kwargs))
        student_args, student_kwargs = _clone(args), _clone(kwargs)
        got = self._run_student(fn, case, student_args, student_kwargs)
        for name, before, after in self._named_inputs(args, kwargs, student_args, student_kwargs):
            if not _unchanged(before, after):
                raise GradingError(
                    f"{self.name} changed its argument `{name}` in place on case \"{case.label}\". "
                    "Work on new tensors (x = x - m, not x -= m) so the caller's data stays intact."
                )
        tol = self._tolerance(dtype)
        mismatch = compare(expected, got, tol=tol)
        if mismatch is not None:
            raise GradingError(self._failure_message(case, args, kwargs, mismatch, got, device, dtype))

    def _named_inputs(self, args, kwargs, student_args, student_kwargs):
        for name, before, after in zip(self._parameters, args, student_args):
            yield name, before, after
        for name in kwargs:
            yield name, kwargs[name], student_kwargs[name]

    def _tolerance(self, dtype: torch.dtype) -> Tolerance:
        return tolerance_for(dtype, self.tolerance_scale)

    def identify_mistake(self, args: Args, kwargs: Kwargs, got: object, dtype: torch.dtype) -> Mistake | None:
        """The first known mistake whose output on these inputs matches ``got``, if any."""
        loose = tolerance_for(dtype, 10 * self.tolerance_scale)
        for mistake in self.mistakes:
            try:
                wrong = mistake.fn(*_clone(args), **_clone(kwargs))
            except Exception:  # a mistake that cannot run on these inputs does not explain them
                continue
            if compare(wrong, got, tol=loose) is None:
                return mistake
        return None

    def _failure_message(
        self, case: Case, args: Args, kwargs: Kwargs, mismatch: Mismatch, got: object, device, dtype
    ) -> str:
        lines = [
            f'{self.name}: wrong {mismatch.kind} in {mismatch.where} on case "{case.label}".',
            f"Checked: shape, dtype, device and values against the reference, on {device}, in {dtype}.",
            f"Inputs: {self._describe_inputs(args, kwargs)}",
            *("  " + line for line in mismatch.details.splitlines()),
        ]
        mistake = self.identify_mistake(args, kwargs, got, dtype)
        if mistake is not None:
            lines.append(f"Likely mistake: {mistake.hint}")
        return "\n".join(lines)

    def _check_gradient_case(self, fn: Callable, case: Case, device: torch.device) -> None:
        __tracebackhide__ = True
        dtype = torch.float64
        args = list(_convert(case.args, device, dtype))
        kwargs = _convert(case.kwargs, device, dtype)
        positions = [self._parameters.index(name) for name in self.differentiable]

        def leaves():
            fresh = [_clone(a) for a in args]
            for i in positions:
                fresh[i].requires_grad_(True)
            return fresh

        ref_args = leaves()
        expected = self.reference(*ref_args, **_clone(kwargs))
        cotangent = torch.randn(expected.shape, generator=torch.Generator().manual_seed(0), dtype=dtype).to(device)
        expected_grads = torch.autograd.grad(expected, [ref_args[i] for i in positions], cotangent)

        student_args = leaves()
        got = self._run_student(fn, case, tuple(student_args), _clone(kwargs))
        if not isinstance(got, Tensor) or got.shape != expected.shape:
            mismatch = compare(expected, got)
            if mismatch is not None:
                raise GradingError(self._failure_message(case, tuple(args), kwargs, mismatch, got, device, dtype))
        if not got.requires_grad:
            raise GradingError(
                f"{self.name}: the output is not connected to the autograd graph on case \"{case.label}\", "
                "so no gradient reaches the inputs. Keep to torch operations: .item(), .numpy(), .detach(), "
                "float() or building a new tensor with torch.tensor(...) cut the graph."
            )
        got_grads = torch.autograd.grad(
            got, [student_args[i] for i in positions], cotangent, allow_unused=True
        )
        for name, expected_grad, got_grad in zip(self.differentiable, expected_grads, got_grads):
            if got_grad is None:
                raise GradingError(f"{self.name}: no gradient reaches `{name}`; the output does not depend on it.")
            mismatch = compare(expected_grad, got_grad, where=f"gradient with respect to `{name}`", tol=self._tolerance(dtype))
            if mismatch is not None:
                raise GradingError(
                    f'{self.name}: wrong gradient with respect to `{name}` on case "{case.label}".\n'
                    f"Checked: d(sum(output * v))/d{name} for a random v, against autograd through the reference.\n"
                    f"Inputs: {self._describe_inputs(tuple(args), kwargs)}\n" + "\n".join("  " + l for l in mismatch.details.splitlines())
                )


_REGISTRY: dict[str, Exercise] = {}


def register(exercise_: Exercise) -> Exercise:
    """Add an exercise to the registry that :func:`exercise` looks names up in."""
    if exercise_.name in _REGISTRY:
        raise ValueError(f"exercise {exercise_.name!r} is registered twice")
    _REGISTRY[exercise_.name] = exercise_
    return exercise_


def registered() -> dict[str, Exercise]:
    """All registered exercises by name."""
    return dict(_REGISTRY)
