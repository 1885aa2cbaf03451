"""An exercise: a reference function, the inputs it is checked on, and the known mistakes.

Each test cell checks one property of a student's function with one call, and is worth its
own points, so a slip in one property costs only that property::

    exercise("mse_loss").check(mse_loss)                        # "fixed": the visible, hand-made inputs
    exercise("mse_loss").check(mse_loss, "random", seed=101)    # values on random inputs and shapes
    exercise("mse_loss").check(mse_loss, "edge")                # extreme and degenerate inputs
    exercise("mse_loss").check(mse_loss, "dtypes", seed=102)    # float32 and float64 kept, device kept
    exercise("mse_loss").check(mse_loss, "gradients", seed=103) # gradients through the function

The spec decides which properties an exercise has (:attr:`Exercise.properties`) and what
each one checks. The value properties compare values (a float32 result is compared at
float32's precision); only "dtypes" insists on the inputs' dtype and device.

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
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from torch import Tensor

from dl_helpers.device import get_device
from dl_helpers.grading.compare import (
    Mismatch,
    Tolerance,
    compare,
    describe_value,
    format_tensor,
    tolerance_for,
)
from dl_helpers.grading.device_faults import (
    DefaultDeviceFault,
    DefaultDeviceTracker,
    default_device_message,
    tensors_in,
)
from dl_helpers.grading.diagnosis import Trial, diagnose
from dl_helpers.grading.guard import ShortcutError, ShortcutGuard
from dl_helpers.messages import LIKELY_MISTAKE

Args = tuple
Kwargs = dict


class GradingError(AssertionError):
    """A check failed; the message explains what was checked and what went wrong.

    In a notebook, IPython shows only the message (``_render_traceback_``): the frames of
    the checks are not the student's concern. Where the student's own code raised, the
    message quotes the student's line.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"GradingError: {self}"]


@dataclass(frozen=True)
class Case:
    """One set of inputs, built in float64 on the CPU and moved to the checked device and dtype."""

    label: str
    args: Args
    kwargs: Kwargs = field(default_factory=dict)


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong implementation and the hint shown when a student's output matches it.

    ``fn`` is None for a mistake only an exercise's judge can see (a mask drawn from the global
    random state instead of the generator); the judge then names it by ``name``.
    """

    name: str
    hint: str
    fn: Callable | None


@dataclass(frozen=True)
class Judged:
    """What an exercise's judge found wrong with an output, and the registered mistake it shows, if any."""

    problem: str
    mistake: str | None = None


def _convert(value: object, device: torch.device, dtype: torch.dtype) -> object:
    if isinstance(value, Tensor):
        value = value.to(device)
        return value.to(dtype) if value.is_floating_point() else value
    if isinstance(value, (tuple, list)):
        return type(value)(_convert(v, device, dtype) for v in value)
    if isinstance(value, dict):  # a case's keyword arguments
        return {key: _convert(v, device, dtype) for key, v in value.items()}
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


def _student_line(error: BaseException) -> str:
    """Where in the student's own code ``error`` was raised ("line 3 of mse_loss: ..."), with a newline."""
    frames = traceback.extract_tb(error.__traceback__)[1:]  # the first frame is the check calling the student
    own = [f for f in frames if "site-packages" not in f.filename and "dl_helpers" not in f.filename]
    if not own:
        return ""
    frame = own[-1]
    code = f": {frame.line.strip()}" if frame.line else ""
    return f"at line {frame.lineno} of {frame.name}{code}\n"


def _has_default_device_fault(reference: Callable, args: Args, kwargs: Kwargs) -> bool:
    tracker = DefaultDeviceTracker()
    try:
        with tracker:
            result = reference(*_clone(args), **_clone(kwargs))
    except DefaultDeviceFault:
        return True
    return tracker.returned_origin(result) is not None


def _unchanged(before: object, after: object) -> bool:
    if isinstance(before, Tensor):
        return before.shape == after.shape and bool(torch.equal(before.nan_to_num(), after.detach().nan_to_num()))
    if isinstance(before, (tuple, list)):
        return all(_unchanged(b, a) for b, a in zip(before, after))
    return True


# The properties a test cell can check, in the order a notebook's test cells follow, and the
# offset of each seeded one in the hidden-seed convention: exercise k of a notebook checks
# property p with seed 100 * k + SEED_OFFSETS[p].
PROPERTIES = ("fixed", "random", "edge", "dtypes", "gradients")
SEED_OFFSETS = {"random": 1, "dtypes": 2, "gradients": 3}
DTYPE_CASES = 3  # random inputs per dtype in the "dtypes" check, and in the "gradients" check
VALUE_PROPERTIES = ("fixed", "random", "edge")


def hidden_seed(position: int, property_: str) -> int:
    """The seed of a hidden test: exercise ``position`` (1-based, in notebook order) checking ``property_``."""
    return 100 * position + SEED_OFFSETS[property_]


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
        check_dtypes: whether float32 and float64 inputs must keep their dtype (False where the
            output does not depend on a floating-point dtype).
        random_count: how many random inputs the "random" check tries.
        judge: for exercises whose answer is random (dropout), what every correct implementation
            satisfies: ``judge(run, trial)`` returns what is wrong with the student's output
            ``trial.got`` (a :class:`Judged`) or None, where ``run(*args, **kwargs)`` calls the student's
            function again. The value properties then ask the judge instead of comparing with the
            reference draw for draw; the reference's draws serve only to name a mistake.
        judged_gradients: with a judge, the gradients the student's own draws imply:
            ``judged_gradients(args, kwargs, got, cotangent)`` gives one per differentiable argument.
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
    check_dtypes: bool = True
    random_count: int = 10
    judge: Callable | None = None
    judged_gradients: Callable | None = None
    chapter: str = ""  # the grading package it was found in; set by the registry

    def __post_init__(self) -> None:
        self._judged: dict[int, Judged] = {}  # id(trial) -> the judge's finding, for the message
        self._parameters = list(inspect.signature(self.reference).parameters)
        self._guard = ShortcutGuard(
            (*self.forbidden, f"{self.reference.__module__}.{self.reference.__name__}"), self.name
        )

    @property
    def properties(self) -> tuple[str, ...]:
        """The properties this exercise is checked on, one test cell each, in notebook order."""
        wanted = {"dtypes": self.check_dtypes, "gradients": bool(self.differentiable)}
        return tuple(p for p in PROPERTIES if wanted.get(p, True))

    @property
    def hidden_properties(self) -> tuple[str, ...]:
        """The properties checked by hidden tests (all but the visible "fixed" one)."""
        return self.properties[1:]

    # -- the check a test cell calls ----------------------------------------------------------

    def check(self, fn: Callable, property: str = "fixed", seed: int = 0) -> None:
        """Check one property of the student's function ``fn`` against the reference.

        Args:
            fn: the student's function.
            property: one of :attr:`properties`: "fixed" (the hand-made inputs), "random"
                (:attr:`random_count` random inputs from ``seed``), "edge" (extreme and degenerate
                inputs), "dtypes" (float32 and float64 inputs keep their dtype and device) or
                "gradients" (gradients reach the differentiable inputs and equal the reference's).
            seed: seed of the random inputs ("random", "dtypes", "gradients").
        """
        __tracebackhide__ = True
        if property not in self.properties:
            raise ValueError(f"{self.name} is checked on {', '.join(self.properties)}; got {property!r}")
        self._require_callable(fn)
        device = get_device()
        if property == "gradients":
            for case in self._random_cases(seed, DTYPE_CASES):
                self._check_gradient_case(fn, case, device)
        elif property == "dtypes":
            for dtype in (torch.float32, torch.float64):
                self._check_values(fn, self._random_cases(seed, DTYPE_CASES), device, dtype, strict=True)
            self._check_default_device(fn, self._random_cases(seed, DTYPE_CASES), device)
        else:
            self._check_values(fn, self._cases(property, seed), device, torch.float64, strict=False)

    # -- internals ------------------------------------------------------------------------

    def _require_callable(self, fn: object) -> None:
        __tracebackhide__ = True
        if not callable(fn):
            raise GradingError(f"{self.name}: expected a function, got {type(fn).__name__}")

    def _cases(self, property_: str, seed: int) -> list[Case]:
        if property_ == "fixed":
            return list(self.fixed_cases())
        if property_ == "edge":
            return list(self.edge_cases())
        return self._random_cases(seed, self.random_count)

    def _random_cases(self, seed: int, n: int) -> list[Case]:
        return [self.random_case(torch.Generator().manual_seed(seed * 1_000 + i)) for i in range(n)]

    def _describe_inputs(self, args: Args, kwargs: Kwargs) -> str:
        named = list(zip(self._parameters, args)) + list(kwargs.items())
        return ", ".join(f"{name} = {describe_value(value)}" for name, value in named)

    def _named(self, args: Args, kwargs: Kwargs) -> dict[str, object]:
        return {**dict(zip(self._parameters, args)), **kwargs}

    def _run_student(self, fn: Callable, case: Case, args: Args, kwargs: Kwargs, guarded: bool = True) -> object:
        """Call ``fn`` (with shortcuts refused unless ``guarded`` is False), warnings shown on stdout.

        A refused call raises :class:`ShortcutError` for the caller to report; any other
        exception becomes a :class:`GradingError` naming the case (stderr would zero the cell).
        """
        __tracebackhide__ = True
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if guarded:
                    with self._guard.active():
                        result = fn(*args, **kwargs)
                else:
                    result = fn(*args, **kwargs)
            except (ShortcutError, DefaultDeviceFault):
                raise  # reported by the caller
            except NotImplementedError:
                raise GradingError(f"{self.name} is not implemented yet: it raised NotImplementedError.") from None
            except Exception as error:
                raise GradingError(
                    f"{self.name} raised {type(error).__name__}: {error}\n"
                    f"{_student_line(error)}"
                    f'on case "{case.label}" with inputs: {self._describe_inputs(args, kwargs)}'
                ) from error
        for warning in caught:
            print(f"Warning from {self.name}: {warning.category.__name__}: {warning.message}")
        return result

    def _evaluate(self, fn: Callable, case: Case, device: torch.device, dtype: torch.dtype) -> Trial:
        """Run the reference and the student on one case; a refused call is noted and the run repeated unguarded."""
        __tracebackhide__ = True
        args = _convert(case.args, device, dtype)
        kwargs = _convert(case.kwargs, device, dtype)
        expected = self.reference(*_clone(args), **_clone(kwargs))
        student_args, student_kwargs = _clone(args), _clone(kwargs)
        refusal = None
        try:
            got = self._run_student(fn, case, student_args, student_kwargs)
        except ShortcutError as error:
            refusal = str(error)
            student_args, student_kwargs = _clone(args), _clone(kwargs)
            got = self._run_student(fn, case, student_args, student_kwargs, guarded=False)
        for name, before, after in self._named_inputs(args, kwargs, student_args, student_kwargs):
            if not _unchanged(before, after):
                raise GradingError(
                    f'{self.name} changed its argument `{name}` in place on case "{case.label}". '
                    "Work on new tensors (x = x - m, not x -= m) so the caller's data stays intact."
                )
        return Trial(self._named(args, kwargs), expected, got, case=case, args=args, kwargs=kwargs, refusal=refusal)

    def _check_values(
        self, fn: Callable, cases: Sequence[Case], device: torch.device, dtype: torch.dtype, strict: bool
    ) -> None:
        """Compare the student's outputs with the reference's on every case, then explain the first failure.

        The cases run in order until one raises; the failure reported is the first in order
        (a wrong value, or the exception), explained from every value failure seen.
        """
        __tracebackhide__ = True
        tol = self._tolerance(dtype)
        trials, crash = [], None
        for case in cases:
            try:
                trials.append(self._evaluate(fn, case, device, dtype))
            except GradingError as error:
                crash = error
                break
        self._judged.clear()
        failing = [(t, m) for t in trials if (m := self._mismatch(fn, t, tol, strict)) is not None]
        refusal = next((t.refusal for t in trials if t.refusal), None)
        if failing:
            message = self._failure_message(failing, device, dtype, strict)
        elif crash is not None:
            message = str(crash)
        elif refusal is not None:
            message = f"Apart from that call, {self.name} returns the right values on every case tried."
        else:
            return
        raise GradingError(message if refusal is None else f"{refusal}\n{message}")

    def _mismatch(self, fn: Callable, trial: Trial, tol: Tolerance, strict: bool) -> Mismatch | None:
        """How the student's output on ``trial`` is wrong: against the reference, or by the judge's rules."""
        __tracebackhide__ = True
        if self.judge is None:
            return compare(trial.expected, trial.got, tol=tol, strict=strict)
        if strict:  # the dtypes property: dtype and device of the output, whatever its draws
            mismatch = compare(trial.expected, trial.got, tol=tol, strict=True)
            if mismatch is None or mismatch.kind in ("dtype", "device", "shape", "type"):
                return mismatch

        def run(*args, **kwargs):
            return self._run_student(fn, trial.case, _clone(args), _clone(kwargs))

        judged = self.judge(run, trial)
        if judged is None:
            return None
        self._judged[id(trial)] = judged
        shown = [f"got      {format_tensor(trial.got) if isinstance(trial.got, Tensor) else describe_value(trial.got)}"]
        if isinstance(trial.expected, Tensor):
            shown.append(f"expected a draw like the reference's {format_tensor(trial.expected)}")
        return Mismatch("output", "values", "\n".join([*shown, f"but {judged.problem}"]))

    def _check_default_device(self, fn: Callable, cases: Sequence[Case], device: torch.device) -> None:
        """Fail a tensor made on the default device that meets the inputs (a fault only a GPU would show)."""
        __tracebackhide__ = True
        for case in cases:
            args = _convert(case.args, device, torch.float64)
            kwargs = _convert(case.kwargs, device, torch.float64)
            if _has_default_device_fault(self.reference, args, kwargs):
                continue  # the reference itself builds such tensors here: nothing to hold against the student
            tracker = DefaultDeviceTracker()
            try:
                with tracker:
                    got = self._run_student(fn, case, _clone(args), _clone(kwargs))
            except DefaultDeviceFault as fault:
                raise GradingError(default_device_message(self.name, str(fault), returned=False)) from None
            except ShortcutError as error:
                raise GradingError(str(error)) from None
            returned = tracker.returned_origin(got)
            if returned is not None:
                raise GradingError(default_device_message(self.name, returned, returned=True))

    def _named_inputs(self, args, kwargs, student_args, student_kwargs):
        for name, before, after in zip(self._parameters, args, student_args):
            yield name, before, after
        for name in kwargs:
            yield name, kwargs[name], student_kwargs[name]

    def _tolerance(self, dtype: torch.dtype) -> Tolerance:
        return tolerance_for(dtype, self.tolerance_scale)

    def _mistakes_fitting(self, trials: Sequence[Trial], dtype: torch.dtype) -> list[Mistake]:
        """The known mistakes whose output matches the student's on every one of ``trials``."""
        loose = tolerance_for(dtype, 10 * self.tolerance_scale)
        fitting = []
        for mistake in self.mistakes:
            if mistake.fn is None:
                continue
            for trial in trials:
                try:
                    wrong = mistake.fn(*_clone(trial.args), **_clone(trial.kwargs))
                except Exception:  # a mistake that cannot run on these inputs does not explain them
                    break
                if compare(wrong, trial.got, tol=loose, strict=False) is not None:
                    break
            else:
                fitting.append(mistake)
        return fitting

    def explain(self, trials: Sequence[Trial], dtype: torch.dtype) -> list[str]:
        """Hints for failing ``trials``: the known mistakes that fit all of them, else a general diagnosis.

        Where neither fits every trial, the known mistakes that fit the first one are named.
        """
        judged = self._judged.pop(id(trials[0]), None)
        if judged is not None and judged.mistake is not None:
            return [next(m.hint for m in self.mistakes if m.name == judged.mistake)]
        fitting = self._mistakes_fitting(trials, dtype)
        if fitting:
            return [m.hint for m in fitting]
        general = diagnose(list(trials), self.reference, self._parameters, self._tolerance(dtype))
        if general:
            return general
        return [m.hint for m in self._mistakes_fitting(trials[:1], dtype)[:1]]

    def _failure_message(self, failing: list[tuple[Trial, Mismatch]], device, dtype, strict=True) -> str:
        trial, mismatch = failing[0]
        checked = "shape, dtype, device and values" if strict else "shape and values"
        against = "what every correct implementation satisfies" if self.judge else "the reference"
        floating = any(t.is_floating_point() for t in tensors_in((trial.args, trial.kwargs)))
        where = f"on {device}, in {dtype}" if floating else f"on {device}"
        lines = [
            f'{self.name}: wrong {mismatch.kind} in {mismatch.where} on case "{trial.case.label}".',
            f"Checked: {checked} against {against}, {where}.",
            f"Inputs: {self._describe_inputs(trial.args, trial.kwargs)}",
            *("  " + line for line in mismatch.details.splitlines()),
        ]
        if len(failing) > 1:
            lines.append(f"{len(failing)} of the cases tried fail; the first is shown.")
        lines += [f"{LIKELY_MISTAKE}{hint}" for hint in self.explain([t for t, _ in failing], dtype)]
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
        try:
            got = self._run_student(fn, case, tuple(student_args), _clone(kwargs))
        except ShortcutError as error:
            raise GradingError(str(error)) from None
        if not isinstance(got, Tensor) or got.shape != expected.shape:
            mismatch = compare(expected, got)
            if mismatch is not None:
                trial = Trial(self._named(tuple(args), kwargs), expected, got, case, tuple(args), kwargs)
                raise GradingError(self._failure_message([(trial, mismatch)], device, dtype))
        if not got.requires_grad:
            raise GradingError(
                f'{self.name}: the output is not connected to the autograd graph on case "{case.label}", '
                "so no gradient reaches the inputs. Keep to torch operations: .item(), .numpy(), .detach(), "
                "float() or building a new tensor with torch.tensor(...) cut the graph."
            )
        got_grads = torch.autograd.grad(got, [student_args[i] for i in positions], cotangent, allow_unused=True)
        if self.judged_gradients is not None:  # the student's draws, not the reference's, decide the gradient
            expected_grads = self.judged_gradients(tuple(args), kwargs, got.detach(), cotangent)
        for name, expected_grad, got_grad in zip(self.differentiable, expected_grads, got_grads):
            if got_grad is None:
                raise GradingError(f"{self.name}: no gradient reaches `{name}`; the output does not depend on it.")
            mismatch = compare(
                expected_grad, got_grad, where=f"gradient with respect to `{name}`", tol=self._tolerance(dtype)
            )
            if mismatch is not None:
                raise GradingError(
                    f'{self.name}: wrong gradient with respect to `{name}` on case "{case.label}".\n'
                    f"Checked: d(sum(output * v))/d{name} for a random v, against autograd through the reference.\n"
                    f"Inputs: {self._describe_inputs(tuple(args), kwargs)}\n"
                    + "\n".join("  " + line for line in mismatch.details.splitlines())
                )
