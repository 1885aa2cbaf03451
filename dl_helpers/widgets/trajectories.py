"""Optimizer trajectories on 2-D test functions: where each method goes, step by step.

The surfaces are :data:`dl_helpers.data.SURFACES` (an ill-conditioned quadratic, Rosenbrock's
valley, a saddle). The optimizers are ``torch.optim`` classes by default; a chapter can pass
its own as factories ``factory(params, lr, momentum) -> torch.optim.Optimizer``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.colors import LogNorm
from matplotlib.ticker import LogLocator, NullLocator
from torch import Tensor

from dl_helpers.data.surfaces import SURFACES, Surface
from dl_helpers.widgets._figure import CONTROL_STYLE, FigureWidget, escape, figure_style, new_figure

OptimizerFactory = Callable[[list[Tensor], float, float], torch.optim.Optimizer]


def _nesterov(params, lr, momentum):
    if momentum <= 0:
        raise ValueError("Nesterov momentum needs momentum > 0")
    return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=True)


#: The default optimizers: name -> factory(params, lr, momentum). Adam uses the momentum as
#: beta1 (its average of gradients); Adagrad and RMSprop have no momentum here.
OPTIMIZERS: dict[str, OptimizerFactory] = {
    "SGD": lambda params, lr, momentum: torch.optim.SGD(params, lr=lr),
    "SGD + momentum": lambda params, lr, momentum: torch.optim.SGD(params, lr=lr, momentum=momentum),
    "Nesterov": _nesterov,
    "Adagrad": lambda params, lr, momentum: torch.optim.Adagrad(params, lr=lr),
    "RMSprop": lambda params, lr, momentum: torch.optim.RMSprop(params, lr=lr),
    "Adam": lambda params, lr, momentum: torch.optim.Adam(params, lr=lr, betas=(momentum, 0.999)),
}

#: A trajectory stops when a coordinate grows beyond this (or stops being finite): it diverged.
DIVERGED = 1e6


def run_optimizer(
    function: Callable[[Tensor], Tensor], factory: OptimizerFactory, start, lr: float, momentum: float, steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """Minimise a 2-D function from ``start`` with an optimizer; the points and values visited.

    Args:
        function: maps points (..., 2) to values (...), e.g. ``SURFACES["rosenbrock"].function``.
        factory: ``factory([param], lr, momentum)`` returning a ``torch.optim.Optimizer``.
        start: (x0, y0).
        lr, momentum: passed to the factory.
        steps: number of optimizer steps.

    Returns:
        (points (T + 1, 2), values (T + 1,)) as float64 arrays, the start included; T = steps,
        or fewer when the run diverged (a coordinate beyond 1e6, or not finite).
    """
    point = torch.tensor([float(start[0]), float(start[1])], dtype=torch.float64, requires_grad=True)
    optimizer = factory([point], lr, momentum)
    points = np.empty((steps + 1, 2))
    values = np.empty(steps + 1)
    for step in range(steps + 1):
        optimizer.zero_grad()
        value = function(point)
        points[step] = point.detach().numpy()
        values[step] = value.item()
        if not (np.isfinite(values[step]) and np.all(np.abs(points[step]) < DIVERGED)):
            return points[: step + 1], values[: step + 1]
        if step == steps:
            break
        value.backward()
        optimizer.step()
    return points, values


def _as_surfaces(surfaces) -> dict[str, Surface]:
    if surfaces is None:
        return dict(SURFACES)
    if isinstance(surfaces, Mapping):
        items = dict(surfaces)
    elif isinstance(surfaces, Iterable) and not isinstance(surfaces, str):
        items = {}
        for surface in surfaces:
            if isinstance(surface, str):
                if surface not in SURFACES:
                    raise ValueError(f"unknown surface {surface!r}; known: {', '.join(SURFACES)}")
                surface = SURFACES[surface]
            items[surface.name] = surface
    else:
        raise TypeError(
            f"surfaces must be names, Surface objects or a mapping name -> Surface, got {type(surfaces).__name__}"
        )
    for name, surface in items.items():
        if not isinstance(surface, Surface):
            raise TypeError(f"surface {name!r} must be a dl_helpers.data.Surface, got {type(surface).__name__}")
    if not items:
        raise ValueError("surfaces is empty: give at least one")
    return items


class OptimizerTrajectories(FigureWidget):
    """The widget :func:`optimizer_trajectories` returns; see there."""

    def __init__(
        self,
        surfaces: dict[str, Surface],
        optimizers: dict[str, OptimizerFactory],
        max_steps: int,
        lr: float,
        momentum: float,
    ):
        self.surfaces = surfaces
        self.optimizers = optimizers
        first = next(iter(surfaces.values()))
        self.surface = widgets.Dropdown(options=list(surfaces), description="surface", style=CONTROL_STYLE)
        self.optimizer = widgets.Dropdown(options=list(optimizers), description="optimizer", style=CONTROL_STYLE)
        self.lr = widgets.FloatLogSlider(
            value=lr,
            base=10,
            min=-4,
            max=0,
            step=0.25,
            description="learning rate",
            style=CONTROL_STYLE,
            readout_format=".1e",
        )
        self.momentum = widgets.FloatSlider(
            value=momentum, min=0.0, max=0.99, step=0.01, description="momentum", style=CONTROL_STYLE
        )
        self.x0 = widgets.FloatSlider(
            value=first.start[0], min=first.xlim[0], max=first.xlim[1], step=0.05, description="x0", style=CONTROL_STYLE
        )
        self.y0 = widgets.FloatSlider(
            value=first.start[1], min=first.ylim[0], max=first.ylim[1], step=0.05, description="y0", style=CONTROL_STYLE
        )
        self.steps = widgets.IntSlider(value=max_steps, min=1, max=max_steps, description="steps", style=CONTROL_STYLE)
        self.max_steps = max_steps
        with figure_style():
            figure = self._build_figure()
        self._runs: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._shown_surface = None
        self.surface.observe(self._surface_changed, names="value")  # before the generic observer: reset the start first
        animated = [self.path, self.start_marker, self.end_marker, self.loss_line, self.title]
        super().__init__(
            "trajectories",
            figure,
            [self.surface, self.optimizer, self.lr, self.momentum, self.x0, self.y0, self.steps],
            animated,
        )
        for name in [*list(surfaces)[1:], first.name]:  # draw each surface's contour plot once, now; end on the first
            self.surface.value = name
        if len(surfaces) == 1:
            self.refresh()

    def _build_figure(self):
        figure = new_figure(10.5, 4.3)
        grid = figure.add_gridspec(1, 4, width_ratios=[1.0, 0.04, 0.08, 0.7])
        self.ax = figure.add_subplot(grid[0, 0])
        self.ax_loss = figure.add_subplot(grid[0, 3])  # column 2 is a gap for the colorbar's label
        self.contours, self.colorbars, self.minima = {}, {}, {}
        for name, surface in self.surfaces.items():
            xs = np.linspace(*surface.xlim, 120)
            ys = np.linspace(*surface.ylim, 120)
            grid_points = torch.stack(
                torch.meshgrid(torch.from_numpy(xs), torch.from_numpy(ys), indexing="xy"), dim=-1
            )  # (120, 120, 2)
            values = surface.function(grid_points).numpy()  # (120, 120), rows along y
            low, high = float(values.min()), float(values.max())
            if surface.minimum is not None and low >= 0:  # log levels from just above the minimum
                levels = np.geomspace(max(low, high * 1e-6, 1e-12), high, 19)
                contour = self.ax.contourf(
                    xs, ys, np.maximum(values, levels[0]), levels=levels, norm=LogNorm(), cmap="viridis"
                )
            else:
                bound = max(abs(low), abs(high))
                contour = self.ax.contourf(xs, ys, values, levels=np.linspace(-bound, bound, 17), cmap="RdBu_r")
            cax = figure.add_subplot(grid[0, 1])
            colorbar = figure.colorbar(contour, cax=cax)
            if isinstance(contour.norm, LogNorm):
                colorbar.ax.yaxis.set_major_locator(LogLocator())
                colorbar.ax.yaxis.set_minor_locator(NullLocator())
            colorbar.set_label("f(x, y)")
            minimum = self.ax.plot(
                *(surface.minimum or (np.nan, np.nan)),
                marker="*",
                markersize=14,
                color="white",
                markeredgecolor="black",
                linestyle="none",
                label="minimum",
            )[0]
            self.contours[name], self.colorbars[name], self.minima[name] = contour, colorbar, minimum
        self.path = self.ax.plot([], [], color="#ff5a00", linewidth=1.6, marker="o", markersize=2.5, label="path")[0]
        self.start_marker = self.ax.plot(
            [], [], "s", color="white", markeredgecolor="black", markersize=7, label="start"
        )[0]
        self.end_marker = self.ax.plot(
            [], [], "X", color="#ff5a00", markeredgecolor="black", markersize=9, label="last step"
        )[0]
        self.ax.set_xlabel("x")
        self.ax.set_ylabel("y")
        self.ax.legend(
            handles=[self.start_marker, self.path, self.end_marker, next(iter(self.minima.values()))],
            loc="lower right",
            fontsize=7,
            framealpha=0.8,
        )
        self.loss_line = self.ax_loss.plot([], [], color="#ff5a00", linewidth=1.5)[0]
        self.ax_loss.set_xlabel("step")
        self.ax_loss.grid(True, alpha=0.3)
        self.ax_loss.set_xlim(0, self.max_steps)
        self.ax_loss.set_title("value along the path")
        self.title = figure.suptitle("", fontsize=10)
        return figure

    def _surface_changed(self, change: dict) -> None:
        """A new surface: its window for the start sliders, and its own start point."""
        surface = self.surfaces[change["new"]]
        with self.hold(refresh=False):  # the generic observer redraws once, after this
            for slider, (low, high), value in (
                (self.x0, surface.xlim, surface.start[0]),
                (self.y0, surface.ylim, surface.start[1]),
            ):
                slider.min, slider.max = min(low, slider.min), max(high, slider.max)  # widen first, so that value fits
                slider.value = value
                slider.min, slider.max = low, high

    def trajectory(self) -> tuple[np.ndarray, np.ndarray]:
        """Points (T + 1, 2) and values (T + 1,) for the current controls, max_steps steps; cached."""
        key = (
            self.surface.value,
            self.optimizer.value,
            self.lr.value,
            self.momentum.value,
            self.x0.value,
            self.y0.value,
        )
        if key not in self._runs:
            surface = self.surfaces[self.surface.value]
            factory = self.optimizers[self.optimizer.value]
            self._runs[key] = run_optimizer(
                surface.function,
                factory,
                (self.x0.value, self.y0.value),
                self.lr.value,
                self.momentum.value,
                self.max_steps,
            )
        return self._runs[key]

    def _static_key(self) -> object:
        return self.surface.value  # the contour plot, its colorbar and the value axis's scale

    def _update(self) -> None:
        name = self.surface.value
        surface = self.surfaces[name]
        if name != self._shown_surface:  # contour plot, colorbar, window
            self._shown_surface = name
            for other, contour in self.contours.items():
                contour.set_visible(other == name)
                self.colorbars[other].ax.set_visible(other == name)
                self.minima[other].set_visible(other == name and surface.minimum is not None)
            self.ax.set_xlim(*surface.xlim)
            self.ax.set_ylim(*surface.ylim)
            levels = self.contours[name].levels
            if isinstance(self.contours[name].norm, LogNorm):  # values above the minimum, on a log scale
                self.ax_loss.set_yscale("log")
                self.ax_loss.set_ylim(float(levels[-1]) * 1e-8, float(levels[-1]) * 10)
                self.ax_loss.set_ylabel("f(x, y) - f(minimum)")
            else:
                self.ax_loss.set_yscale("linear")
                self.ax_loss.set_ylim(float(levels[0]) * 1.5, float(levels[-1]) * 1.1)
                self.ax_loss.set_ylabel("f(x, y)")
        try:
            points, values = self.trajectory()
        except (ValueError, RuntimeError) as error:  # e.g. Nesterov without momentum
            self.path.set_data([], [])
            self.end_marker.set_data([], [])
            self.loss_line.set_data([], [])
            self.start_marker.set_data([self.x0.value], [self.y0.value])
            self.title.set_text(f"{self.optimizer.value} on {name}: refused")
            self.show_message(f"{escape(self.optimizer.value)} refused these settings: {escape(error)}", refused=True)
            return
        shown = min(self.steps.value, len(points) - 1)
        self.path.set_data(points[: shown + 1, 0], points[: shown + 1, 1])
        self.start_marker.set_data(points[:1, 0], points[:1, 1])
        self.end_marker.set_data(points[shown : shown + 1, 0], points[shown : shown + 1, 1])
        if surface.minimum is not None:
            values = values - float(surface.function(torch.tensor(surface.minimum, dtype=torch.float64)))
        self.loss_line.set_data(np.arange(shown + 1), values[: shown + 1])
        self.title.set_text(
            f"{self.optimizer.value} on the {name}: lr = {self.lr.value:.2g}, momentum = {self.momentum.value:.2f}, {shown} steps"
        )
        diverged = len(points) - 1 < self.max_steps and shown == len(points) - 1
        text = (
            f"{escape(self.optimizer.value)} from ({self.x0.value:.2f}, {self.y0.value:.2f}): after {shown} steps "
            f"f = {values[shown]:.4g} at ({points[shown, 0]:.3f}, {points[shown, 1]:.3f})"
        )
        if surface.minimum is not None:
            distance = float(np.hypot(*(points[shown] - np.asarray(surface.minimum))))
            text += f", {distance:.3g} from the minimum {surface.minimum}"
        if diverged:
            self.show_message(
                text + f". Diverged at step {len(points) - 1}: the learning rate is too large for this surface.",
                refused=True,
            )
        else:
            self.show_message(text + ".")


def optimizer_trajectories(
    surfaces=None,
    optimizers: Mapping[str, OptimizerFactory] | None = None,
    *,
    max_steps: int = 100,
    lr: float = 0.01,
    momentum: float = 0.9,
) -> OptimizerTrajectories:
    """Watch an optimizer walk over a 2-D test function: contour plot, path, value per step.

    Controls: surface, optimizer, learning rate, momentum, start point (x0, y0) and the
    number of steps shown. A run is computed once per setting (``max_steps`` steps) and
    cached; the steps slider only shows a prefix of it.

    Args:
        surfaces: None for all of :data:`dl_helpers.data.SURFACES`, or names from it, or
            :class:`~dl_helpers.data.Surface` objects, or a mapping name -> Surface.
        optimizers: None for :data:`OPTIMIZERS` (SGD, SGD + momentum, Nesterov, Adagrad,
            RMSprop, Adam from ``torch.optim``), or a mapping name ->
            ``factory(params, lr, momentum)`` returning a ``torch.optim.Optimizer``, e.g. a
            chapter's own optimizer class.
        max_steps: steps per run, and the steps slider's maximum.
        lr: starting learning rate (the slider runs from 1e-4 to 1).
        momentum: starting momentum (0 to 0.99; Adam's beta1).

    Returns:
        The widget (an ``ipywidgets.VBox``).
    """
    surface_map = _as_surfaces(surfaces)
    if optimizers is None:
        optimizers = OPTIMIZERS
    if not isinstance(optimizers, Mapping) or not optimizers:
        raise TypeError("optimizers must be a non-empty mapping name -> factory(params, lr, momentum)")
    for name, factory in optimizers.items():
        if not callable(factory):
            raise TypeError(f"optimizer {name!r} must be a factory(params, lr, momentum), got {type(factory).__name__}")
    if not isinstance(max_steps, int) or max_steps < 1:
        raise ValueError(f"max_steps must be an int >= 1, got {max_steps!r}")
    if not 1e-4 <= lr <= 1.0:
        raise ValueError(f"lr must be in [1e-4, 1], the slider's range, got {lr}")
    if not 0.0 <= momentum <= 0.99:
        raise ValueError(f"momentum must be in [0, 0.99], got {momentum}")
    return OptimizerTrajectories(surface_map, dict(optimizers), max_steps, lr, momentum)
