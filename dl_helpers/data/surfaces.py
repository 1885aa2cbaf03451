"""Two-dimensional test functions for optimizers: where each method shines and where it struggles.

Each function takes points of shape ``(..., 2)`` (the last dimension holds ``(x, y)``)
and returns the value at each point, shape ``(...)``. They are built from tensor
operations, so autograd gives their gradients and a whole grid evaluates in one call.

``SURFACES`` describes each one with the plotting window, a start point that shows the
function's difficulty, and its minimum (``None`` for the saddle, which has none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torch import Tensor


def _xy(points: Tensor) -> tuple[Tensor, Tensor]:
    if not isinstance(points, Tensor):
        raise TypeError(f"points must be a tensor of shape (..., 2), got {type(points).__name__}")
    if points.ndim == 0 or points.shape[-1] != 2:
        raise ValueError(f"points must have shape (..., 2), got {tuple(points.shape)}")
    return points[..., 0], points[..., 1]


def ill_conditioned_quadratic(points: Tensor, condition: float = 20.0) -> Tensor:
    """A stretched bowl: f(x, y) = (x^2 + condition * y^2) / 2.

    The Hessian is diag(1, condition): a learning rate small enough for the steep y
    direction (below 2 / condition) crawls along the flat x direction. Minimum 0 at (0, 0).
    """
    x, y = _xy(points)
    return 0.5 * (x**2 + condition * y**2)


def rosenbrock(points: Tensor, a: float = 1.0, b: float = 100.0) -> Tensor:
    """Rosenbrock's banana valley: f(x, y) = (a - x)^2 + b (y - x^2)^2.

    The valley floor y = x^2 is easy to reach and slow to follow. Minimum 0 at (a, a^2).
    """
    x, y = _xy(points)
    return (a - x) ** 2 + b * (y - x**2) ** 2


def saddle(points: Tensor) -> Tensor:
    """A saddle: f(x, y) = x^2 - y^2, curving up along x and down along y.

    The gradient vanishes at (0, 0), which is not a minimum; a start on the x axis
    (y = 0 exactly) slides into the saddle point and stays there. Unbounded below.
    """
    x, y = _xy(points)
    return x**2 - y**2


@dataclass(frozen=True)
class Surface:
    """A test function with the window and start point that show it best."""

    name: str
    function: Callable[[Tensor], Tensor]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    minimum: tuple[float, float] | None


SURFACES: dict[str, Surface] = {
    surface.name: surface
    for surface in (
        Surface(
            "ill-conditioned quadratic", ill_conditioned_quadratic, (-4.0, 4.0), (-2.0, 2.0), (-3.5, 1.5), (0.0, 0.0)
        ),
        Surface("rosenbrock", rosenbrock, (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.5), (1.0, 1.0)),
        Surface("saddle", saddle, (-2.0, 2.0), (-2.0, 2.0), (-1.8, 0.05), None),
    )
}
