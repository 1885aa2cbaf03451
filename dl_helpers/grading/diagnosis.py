"""Name a mistake from the outputs alone, where no registered mistake explains them.

A check tries several inputs ("cases"). For every case it has the reference's output and the
student's; a diagnosis is a rule that explains the student's output from the reference's on
**every** case tried (a pattern one case happens to show is no diagnosis):

- right values in another shape, or with the axes transposed or permuted;
- the reference times a constant factor, and which natural factor it is where one fits every
  case (2, 1/2, -1, a dimension of an input such as the batch size or the number of classes,
  the number of elements, their square roots and inverses);
- the reference plus a constant offset;
- the reference evaluated on other arguments: two arguments of the same shape swapped, or
  another value of an integer ``dim`` argument;
- right to float32's precision only (a float32 intermediate);
- inf or NaN where the reference is finite (an overflow: the stable form is needed).

Each rule gives a sentence a student can act on; :func:`diagnose` returns those that fit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from torch import Tensor

from dl_helpers.grading.compare import Tolerance, compare, tolerance_for


@dataclass(frozen=True)
class Trial:
    """One case of a check: the inputs (by parameter name), the reference's output and the student's.

    ``case``, ``args`` and ``kwargs`` are the case and the arguments as the functions got them;
    ``refusal`` says which refused call the student's function made, if it made one.
    """

    inputs: dict[str, object]
    expected: object
    got: object
    case: object = None
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    refusal: str | None = None


def _leaves(value: object, where: str = "output") -> list[tuple[str, object]]:
    if isinstance(value, (tuple, list)):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, f"{where}[{i}]")]
    return [(where, value)]


def _float_pair(expected: object, got: object) -> tuple[Tensor, Tensor] | None:
    """Both as float64 tensors on the CPU, if both are real tensors or numbers."""

    def as_tensor(v):
        if isinstance(v, Tensor) and not v.dtype.is_complex:
            return v.detach().to("cpu", torch.float64)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return torch.tensor(float(v), dtype=torch.float64)
        return None

    e, g = as_tensor(expected), as_tensor(got)
    return None if e is None or g is None else (e, g)


def _close(e: Tensor, g: Tensor, tol: Tolerance) -> bool:
    return e.shape == g.shape and compare(e, g, tol=tol) is None


# -- natural factors ---------------------------------------------------------------------------


def _natural_factors(inputs: dict[str, object]) -> list[tuple[str, float]]:
    """Constants a student plausibly multiplies by, with their names, for one case's inputs."""
    found: list[tuple[str, float]] = [("2", 2.0), ("1/2", 0.5), ("-1", -1.0), ("-2", -2.0), ("-1/2", -0.5)]
    for name, value in inputs.items():
        if not isinstance(value, Tensor) or value.dim() == 0:
            continue
        sizes = [(f"{name}.shape[{d}]", value.shape[d]) for d in range(value.dim())]
        sizes.append((f"{name}.numel()", value.numel()))
        for label, size in sizes:
            if size > 1:
                found += [
                    (label, float(size)),
                    (f"1/{label}", 1.0 / size),
                    (f"sqrt({label})", math.sqrt(size)),
                    (f"1/sqrt({label})", 1.0 / math.sqrt(size)),
                ]
    return found


def _constant_ratio(pairs: list[tuple[Tensor, Tensor]]) -> float | None:
    """The one number r with got = r * expected in this case, if there is one."""
    ratios = []
    for e, g in pairs:
        if e.shape != g.shape:
            return None
        mask = e.abs() > 1e-12
        if not mask.any():
            if not torch.allclose(g, torch.zeros_like(g), atol=1e-9):
                return None
            continue
        r = g[mask] / e[mask]
        ratios.append(r)
        if not torch.allclose(g[~mask], torch.zeros_like(g[~mask]), atol=1e-9):
            return None
    if not ratios:
        return None
    r = torch.cat([x.reshape(-1) for x in ratios])
    if not torch.isfinite(r).all():
        return None
    first = r[0].item()
    return first if torch.allclose(r, torch.full_like(r, first), rtol=1e-6, atol=1e-9) else None


# -- the rules ----------------------------------------------------------------------------------


def _wrong_shape(trials, leaf, tol) -> str | None:
    shapes = set()
    for t in trials:
        e, g = leaf(t)
        if e.shape == g.shape or e.numel() != g.numel() or not _close(e.reshape(-1), g.reshape(-1), tol):
            return None
        shapes.add((tuple(e.shape), tuple(g.shape)))
    expected, got = next(iter(shapes))
    return (
        f"the values are right but the shape is not: expected {expected}, got {got}. "
        "Keep the dimensions the reference keeps (keepdim=..., no stray reshape, squeeze or unsqueeze)."
    )


def _permuted(trials, leaf, tol) -> str | None:
    ndims = {leaf(t)[0].dim() for t in trials}
    if len(ndims) != 1 or next(iter(ndims)) < 2 or next(iter(ndims)) > 4:
        return None
    ndim = next(iter(ndims))
    for order in itertools.permutations(range(ndim)):
        if order == tuple(range(ndim)):
            continue
        if all(
            leaf(t)[1].shape == leaf(t)[0].permute(order).shape and _close(leaf(t)[0].permute(order), leaf(t)[1], tol)
            for t in trials
        ):
            if ndim == 2:
                return "your output is the reference's transposed: rows and columns are swapped (check which axis is which)."
            return (
                f"your output holds the right values with the axes in the order {order}; keep the reference's layout."
            )
    return None


def _factor(trials, leaf, tol) -> str | None:
    ratios = []
    for t in trials:
        r = _constant_ratio([leaf(t)])
        if r is None or math.isclose(r, 1.0, rel_tol=1e-9) or abs(r) < 1e-9:
            return None  # no constant factor (a factor 0 is an output of zeros, not a scale slip)
        ratios.append(r)
    names = []
    for label, _ in _natural_factors(trials[0].inputs):
        if all(
            any(lab == label and math.isclose(v, r, rel_tol=1e-5) for lab, v in _natural_factors(t.inputs))
            for t, r in zip(trials, ratios)
        ):
            names.append(label)
    if names:
        return f"your output is the reference's times {names[0]} in every case tried: a factor is missing or extra."
    if len(ratios) >= 2 and all(math.isclose(r, ratios[0], rel_tol=1e-6) for r in ratios):
        return f"your output is the reference's times {ratios[0]:.6g} in every case tried: a constant factor is off."
    return None  # one case's ratio, or a ratio that changes from case to case, explains nothing


def _offset(trials, leaf, tol) -> str | None:
    offsets = []
    for t in trials:
        e, g = leaf(t)
        if e.shape != g.shape or e.numel() < 2:
            return None
        d = g - e
        first = d.reshape(-1)[0].item()
        if abs(first) < 1e-12 or not torch.allclose(d, torch.full_like(d, first), rtol=1e-7, atol=1e-9):
            return None
        offsets.append(first)
    if len(offsets) < 2 and e.numel() < 3:
        return None
    same = all(math.isclose(o, offsets[0], rel_tol=1e-6) for o in offsets)
    amount = f" of {offsets[0]:+.6g}" if same else ""
    return f"every value is off by the same constant{amount} in each case: a term is missing, extra or added twice."


def _float32_only(trials, leaf, tol) -> str | None:
    loose = tolerance_for(torch.float32)
    if tol.rtol >= loose.rtol:
        return None
    for t in trials:
        e, g = leaf(t)
        if e.shape != g.shape or not _close(e, g, loose):
            return None
        if not torch.equal(g.float().double(), g):
            return None  # not float32 numbers: a small term, not a float32 slip
    return (
        "your values are right to float32's precision (about 7 digits) but not to float64's: a float32 tensor "
        "slipped in (torch.tensor / torch.zeros without dtype=, .float()); keep the inputs' dtype."
    )


def _overflow(trials, leaf, tol) -> str | None:
    seen = False
    for t in trials:
        e, g = leaf(t)
        if e.shape != g.shape:
            return None
        bad = ~torch.isfinite(g) & torch.isfinite(e)
        if bad.any():
            seen = True
        elif not _close(e, g, tol):
            return None
    if not seen:
        return None
    return (
        "your output has inf or NaN where the reference's is finite, on inputs of large magnitude: an "
        "intermediate overflows. Use the numerically stable form (subtract the maximum before exp, log1p, ...)."
    )


RULES = (_wrong_shape, _overflow, _float32_only, _permuted, _factor, _offset)


def _input_rules(trials, reference: Callable, parameters: Sequence[str], tol) -> list[str]:
    """Explanations by the reference evaluated on other arguments."""
    found = []
    names = [n for n in parameters if n in trials[0].inputs]
    tensors = [n for n in names if isinstance(trials[0].inputs[n], Tensor)]
    for a, b in itertools.combinations(tensors, 2):
        if all(_fits(t, reference, {a: t.inputs[b], b: t.inputs[a]}, tol) for t in trials):
            found.append(f"your output is the reference's with `{a}` and `{b}` swapped: check the argument order.")
    for name in names:
        value = trials[0].inputs[name]
        if name in ("dim", "axis") and isinstance(value, int) and not isinstance(value, bool):
            for other in (-1, 0, 1, 2):
                if all(
                    t.inputs[name] != other and _fits(t, reference, {name: other}, tol, allow_error=False)
                    for t in trials
                ):
                    found.append(f"your output matches the reference taken over dim={other}: reduce over `{name}`.")
                    break
    return found


def _fits(trial: Trial, reference: Callable, changes: dict, tol, allow_error: bool = False) -> bool:
    inputs = {**trial.inputs, **changes}
    try:
        wrong = reference(**{k: (v.clone() if isinstance(v, Tensor) else v) for k, v in inputs.items()})
    except Exception:
        return allow_error
    return compare(wrong, trial.got, tol=tol, strict=False) is None


def diagnose(trials: list[Trial], reference: Callable, parameters: Sequence[str], tol: Tolerance) -> list[str]:
    """Sentences explaining the student's outputs from the reference's on every trial; [] if none fits.

    Args:
        trials: the cases where the student's output differs from the reference's (at least one).
        reference: the reference function, called with keyword arguments for the input rules.
        parameters: the reference's parameter names, in order.
        tol: the tolerance the check used.
    """
    if not trials:
        return []
    found = _input_rules(trials, reference, parameters, tol)
    first = _leaves(trials[0].expected)
    for index, (where, _) in enumerate(first):

        def leaf(trial, index=index):
            pair = _float_pair(_leaves(trial.expected)[index][1], _leaves(trial.got)[index][1])
            if pair is None:
                raise TypeError
            return pair

        def differs(trial, leaf=leaf):
            if len(_leaves(trial.got)) != len(first):
                raise TypeError  # another structure: the leaf rules do not apply
            e, g = leaf(trial)
            return e.shape != g.shape or not _close(e, g, tol)

        try:
            differing = [t for t in trials if differs(t)]
        except (TypeError, IndexError):
            continue
        if not differing:
            continue
        for rule in RULES:
            sentence = rule(differing, leaf, tol)
            if sentence is not None:
                found.append(sentence if where == "output" else f"in {where}, {sentence}")
                break
    return found
