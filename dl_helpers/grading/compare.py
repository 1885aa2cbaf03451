"""Compare a student's output with the reference's and describe the first difference.

Outputs may be tensors, numbers, or (nested) tuples and lists of them. A tensor
matches when its shape, dtype and device equal the reference's and its values are
close: ``|got - expected| <= atol + rtol * |expected|`` elementwise, NaN matching NaN.
With ``strict=False`` only shape and values count: a floating-point tensor of another
dtype is compared at the precision of the less precise of the two, on the reference's device.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor


@dataclass(frozen=True)
class Tolerance:
    """Elementwise closeness, as ``torch.allclose``: ``|got - expected| <= atol + rtol * |expected|``."""

    rtol: float
    atol: float

    def __str__(self) -> str:
        return f"rtol={self.rtol:g}, atol={self.atol:g}"


# float32 keeps about 7 significant digits, float64 about 16.
TOLERANCES = {
    torch.float16: Tolerance(rtol=1e-2, atol=1e-3),
    torch.bfloat16: Tolerance(rtol=2e-2, atol=1e-2),
    torch.float32: Tolerance(rtol=1e-4, atol=1e-5),
    torch.float64: Tolerance(rtol=1e-7, atol=1e-9),
}


def tolerance_for(dtype: torch.dtype, scale: float = 1.0) -> Tolerance:
    """The default tolerance for values of ``dtype``, multiplied by ``scale``."""
    base = TOLERANCES.get(dtype, Tolerance(rtol=0.0, atol=0.0))
    return Tolerance(rtol=base.rtol * scale, atol=base.atol * scale)


@dataclass(frozen=True)
class Mismatch:
    """Where and how a student's output differs from the reference's.

    ``where`` names the part of the output (``"output"``, ``"output[1]"``), ``kind`` is
    one of "type", "length", "shape", "dtype", "device", "values", and ``details`` is
    a few lines a student can read.
    """

    where: str
    kind: str
    details: str


def digits_to_show(expected: float, got: float, tol: Tolerance | None = None) -> int:
    """Significant digits that make ``expected`` and ``got`` print differently (6 to 17).

    With ``tol``, at least as many as the tolerance resolves, so every value printed in a
    failure can show the difference the check saw.
    """
    digits = 6
    if tol is not None and tol.rtol > 0:
        digits = max(digits, math.ceil(-math.log10(tol.rtol)) + 1)
    scale = max(abs(expected), abs(got))
    if math.isfinite(expected) and math.isfinite(got) and scale > 0 and expected != got:
        digits = max(digits, math.ceil(-math.log10(abs(expected - got) / scale)) + 1)
    return min(digits, 17)


SHOWN_VALUES = 12  # a tensor of at most this many elements is described, and printed, whole


def format_tensor(t: Tensor, limit: int = SHOWN_VALUES, digits: int = 6) -> str:
    flat = t.detach().reshape(-1).cpu()
    shown = ", ".join(f"{v:.{digits}g}" if t.is_floating_point() else str(v) for v in flat[:limit].tolist())
    more = f", ... ({flat.numel()} values)" if flat.numel() > limit else ""
    return f"[{shown}{more}]" if t.dim() else shown


def _unravel(flat_index: int, shape: torch.Size) -> tuple[int, ...]:
    index = []
    for size in reversed(shape):
        index.append(flat_index % size)
        flat_index //= size
    return tuple(reversed(index))


def _less_precise(a: torch.dtype, b: torch.dtype) -> torch.dtype:
    return a if torch.finfo(a).eps >= torch.finfo(b).eps else b


def _coarsened(tol: Tolerance | None, dtype: torch.dtype, coarser: torch.dtype) -> Tolerance:
    """``tol``, given for ``dtype``, widened by the same factor for the less precise ``coarser``."""
    base, coarse = tolerance_for(dtype), tolerance_for(coarser)
    if tol is None:
        return coarse
    scale = tol.rtol / base.rtol if base.rtol else 1.0
    return Tolerance(rtol=max(tol.rtol, coarse.rtol * scale), atol=max(tol.atol, coarse.atol * scale))


def _compare_tensors(
    expected: Tensor, got: Tensor, where: str, tol: Tolerance | None, strict: bool = True
) -> Mismatch | None:
    if got.shape != expected.shape:
        return Mismatch(where, "shape", f"expected shape {tuple(expected.shape)}, got {tuple(got.shape)}")
    if not strict and got.dtype != expected.dtype and got.is_floating_point() and expected.is_floating_point():
        tol = _coarsened(tol, expected.dtype, _less_precise(got.dtype, expected.dtype))
        got = got.to(expected.dtype)
    if not strict:
        got = got.to(expected.device)
    if got.dtype != expected.dtype:
        return Mismatch(where, "dtype", f"expected dtype {expected.dtype}, got {got.dtype} (keep the inputs' dtype)")
    if got.device != expected.device:
        return Mismatch(
            where,
            "device",
            f"expected device {expected.device}, got {got.device} (don't move data or hard-code a device)",
        )
    if expected.numel() == 0:
        return None
    exp = expected.detach()
    act = got.detach()
    if not exp.is_floating_point() and not exp.is_complex():
        wrong = exp != act
        if not wrong.any():
            return None
        first = int(wrong.reshape(-1).nonzero()[0])
        return Mismatch(
            where,
            "values",
            f"expected {format_tensor(exp)}\n"
            f"got      {format_tensor(act)}\n"
            f"{int(wrong.sum())} of {exp.numel()} values differ; first at index {_unravel(first, exp.shape)}",
        )
    tol = tol or tolerance_for(exp.dtype)
    exp64, act64 = exp.double(), act.double()
    both_nan = exp64.isnan() & act64.isnan()
    error = (act64 - exp64).abs()
    error = torch.where(both_nan, torch.zeros_like(error), error)
    error = torch.where(exp64.isnan() ^ act64.isnan(), torch.full_like(error, math.inf), error)
    same_inf = exp64.isinf() & (exp64 == act64)
    error = torch.where(same_inf, torch.zeros_like(error), error)
    allowed = tol.atol + tol.rtol * exp64.abs().nan_to_num(posinf=0.0, neginf=0.0)
    bad = error > allowed
    if not bad.any():
        return None
    worst = int(error.reshape(-1).argmax())
    worst_expected, worst_got = exp64.reshape(-1)[worst].item(), act64.reshape(-1)[worst].item()
    digits = digits_to_show(worst_expected, worst_got, tol)
    return Mismatch(
        where,
        "values",
        f"expected {format_tensor(exp, digits=digits)}\n"
        f"got      {format_tensor(act, digits=digits)}\n"
        f"{int(bad.sum())} of {exp.numel()} values outside tolerance ({tol}); "
        f"max abs error {error.reshape(-1)[worst].item():.3g} at index {_unravel(worst, exp.shape)} "
        f"(expected {worst_expected:.{digits}g}, got {worst_got:.{digits}g})",
    )


def compare(
    expected: object, got: object, where: str = "output", tol: Tolerance | None = None, strict: bool = True
) -> Mismatch | None:
    """Return the first difference between ``got`` and ``expected``, or None when they match.

    Args:
        expected: the reference's output: a tensor, a number, or a tuple/list of them.
        got: the student's output.
        where: name of this part of the output, used in the description.
        tol: tolerance for floating-point values; defaults to one that fits each tensor's dtype.
        strict: whether a tensor's dtype and device must equal the reference's (else only its values count).
    """
    if isinstance(expected, Tensor):
        if not isinstance(got, Tensor):
            return Mismatch(where, "type", f"expected a torch.Tensor, got {type(got).__name__}")
        return _compare_tensors(expected, got, where, tol, strict)
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return Mismatch(
                where,
                "type",
                f"expected a {type(expected).__name__} of {len(expected)} items, got {type(got).__name__}",
            )
        if len(got) != len(expected):
            return Mismatch(where, "length", f"expected {len(expected)} items, got {len(got)}")
        for i, (e, g) in enumerate(zip(expected, got)):
            mismatch = compare(e, g, f"{where}[{i}]", tol, strict)
            if mismatch is not None:
                return mismatch
        return None
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if isinstance(got, Tensor) and got.numel() == 1:
            got = got.item()
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            return Mismatch(where, "type", f"expected a number, got {type(got).__name__}")
        tol = tol or tolerance_for(torch.float64)
        if abs(got - expected) <= tol.atol + tol.rtol * abs(expected):
            return None
        digits = digits_to_show(float(expected), float(got), tol)
        return Mismatch(where, "values", f"expected {expected:.{digits}g}, got {got:.{digits}g} (tolerance {tol})")
    if got == expected:
        return None
    return Mismatch(where, "values", f"expected {expected!r}, got {got!r}")


def _rounded(values: object) -> str:
    if isinstance(values, list):
        return "[" + ", ".join(_rounded(v) for v in values) + "]"
    return f"{values:.6g}" if isinstance(values, float) else str(values)


def describe_value(value: object) -> str:
    """A one-line description of an argument: small tensors with their values, dtype and shape for the rest."""
    if isinstance(value, Tensor):
        dtype = str(value.dtype).removeprefix("torch.")
        device = "" if value.device.type == "cpu" else f" on {value.device}"
        if 0 < value.numel() <= SHOWN_VALUES:
            values = value.detach().cpu().tolist()
            return f"{_rounded(values)} ({dtype}{device})"
        return f"{dtype} tensor of shape {tuple(value.shape)}{device}"
    if isinstance(value, torch.Generator):
        return f"torch.Generator seeded with {value.initial_seed()}"
    if isinstance(value, (tuple, list)) and any(isinstance(v, Tensor) for v in value):
        inner = ", ".join(describe_value(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
