"""The loss of a trained network around its weights, along random filter-normalised directions.

Li et al., "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018): pick a random
direction d in weight space, rescale each of its filters to the norm of the matching filter
of the weights theta, and plot ``L(theta + a d1 + b d2)``. A *filter* is a row of a Linear
weight (one output unit) or an output channel of a Conv weight; biases and normalisation
parameters (1-D tensors) get direction 0. Without the rescaling, a network whose weights
are small (and which is therefore more sensitive to a fixed-size step) would look sharper
only because of its scale.

The grid is evaluated as a batch: the perturbed parameter sets of a chunk of grid points are
stacked and the model is run once on all of them with ``torch.func.functional_call`` inside
``torch.func.vmap``, instead of one copy of the network per point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.colors import LogNorm
from matplotlib.ticker import LogLocator, NullLocator
from torch import Tensor, nn
from torch.func import functional_call, vmap

from dl_helpers.device import one_thread
from dl_helpers.widgets._figure import CONTROL_STYLE, FigureWidget, escape, figure_style, new_figure

Direction = dict[str, Tensor]


def filter_normalized_direction(model: nn.Module, generator: torch.Generator | None = None) -> Direction:
    """A random direction in the model's parameter space, filter-normalised (Li et al. 2018).

    For every parameter with 2 or more dimensions (Linear weight (D_out, D_in), Conv weight
    (C_out, C_in, kH, kW)), draw d ~ N(0, 1) of its shape and rescale each filter
    ``d[i]`` (a row, an output channel) to the norm of the weight's filter ``theta[i]``:

        d[i] <- d[i] / ||d[i]|| * ||theta[i]||

    Parameters with 0 or 1 dimensions (biases, batch-norm and layer-norm scales and shifts)
    get a zero direction. Buffers (running statistics) are not parameters and never move.

    Args:
        model: the network; its parameters are read, not changed.
        generator: a seeded ``torch.Generator`` for the draw (None: the global one).

    Returns:
        {parameter name: direction tensor of the parameter's shape, dtype and device}.
    """
    direction = {}
    for name, param in model.named_parameters():
        theta = param.detach()
        if theta.dim() <= 1:
            direction[name] = torch.zeros_like(theta)
            continue
        d = torch.randn(theta.shape, generator=generator, dtype=theta.dtype).to(theta.device)  # like theta
        d_norms = d.flatten(1).norm(dim=1)  # (filters,)
        theta_norms = theta.flatten(1).norm(dim=1)  # (filters,)
        scale = theta_norms / d_norms.clamp_min(torch.finfo(theta.dtype).tiny)  # (filters,)
        direction[name] = d * scale.reshape(-1, *([1] * (theta.dim() - 1)))  # each filter rescaled
    return direction


def losses_along(
    model: nn.Module,
    inputs: Tensor,
    targets: Tensor,
    directions: list[Direction],
    coefficients: Tensor,
    loss_fn: Callable[[Tensor, Tensor], Tensor] = F.cross_entropy,
    chunk_size: int = 32,
) -> Tensor:
    """The loss at ``theta + sum_k c[p, k] d_k`` for every row p of ``coefficients``, evaluated in batches.

    Each chunk of rows becomes a stack of parameter sets (chunk, *parameter shape) that
    ``vmap(functional_call(model, ...))`` runs in one go. The model is evaluated in eval mode
    (batch norm uses its running statistics) without gradients, and left as it was.

    Args:
        model: the trained network.
        inputs: its inputs, e.g. (N, D).
        targets: what ``loss_fn(outputs, targets)`` compares against, e.g. (N,) class indices.
        directions: K directions, each {parameter name: tensor}, e.g. from
            :func:`filter_normalized_direction`.
        coefficients: (P, K), one row of step sizes per point.
        loss_fn: maps (outputs, targets) to a scalar loss (mean over the samples).
        chunk_size: points per batch; lower it if memory is short (each point holds the
            activations of the whole input batch).

    Returns:
        (P,) losses, float, on the model's device.
    """
    if coefficients.dim() != 2 or coefficients.shape[1] != len(directions):
        raise ValueError(
            f"coefficients must be (P, K) with K = {len(directions)} (one column per direction), got {tuple(coefficients.shape)}"
        )
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1, got {chunk_size}")
    params = {name: p.detach() for name, p in model.named_parameters()}
    for k, direction in enumerate(directions):
        if set(direction) != set(params):
            raise ValueError(f"direction {k} must have one tensor per parameter of the model: {sorted(params)}")
    buffers = {name: b.detach() for name, b in model.named_buffers()}

    def loss_at(stacked_params: dict[str, Tensor]) -> Tensor:
        outputs = functional_call(model, (stacked_params, buffers), (inputs,))
        return loss_fn(outputs, targets)

    batched = vmap(loss_at)
    was_training = model.training
    model.eval()
    try:
        results = []
        with torch.no_grad(), one_thread():
            for chunk in coefficients.split(chunk_size):  # (P_chunk, K)
                stacked = {}
                for name, theta in params.items():
                    c = chunk.to(device=theta.device, dtype=theta.dtype)  # (P_chunk, K)
                    shift = sum(c[:, k].reshape(-1, *([1] * theta.dim())) * d[name] for k, d in enumerate(directions))
                    stacked[name] = theta + shift  # (P_chunk, *theta.shape)
                results.append(batched(stacked))  # (P_chunk,)
        return torch.cat(results)
    finally:
        model.train(was_training)


@dataclass
class LandscapeGrid:
    """Losses around a model's weights: a 1-D slice along d1 and a 2-D grid over (d1, d2)."""

    alphas: Tensor  #: (S,) steps along the first direction, for the grid
    betas: Tensor  #: (S,) steps along the second direction
    losses: Tensor  #: (S, S), losses[i, j] = L(theta + alphas[j] d1 + betas[i] d2)
    curve_alphas: Tensor  #: (S1,) steps of the 1-D slice
    curve: Tensor  #: (S1,) L(theta + a d1) for a in curve_alphas
    directions: list[Direction]  #: [d1, d2]


def loss_landscape_grid(
    model: nn.Module,
    inputs: Tensor,
    targets: Tensor,
    *,
    loss_fn: Callable[[Tensor, Tensor], Tensor] = F.cross_entropy,
    steps: int = 25,
    curve_steps: int = 51,
    span: float = 1.0,
    seed: int = 0,
    chunk_size: int = 32,
) -> LandscapeGrid:
    """The loss on a ``steps x steps`` grid ``theta + a d1 + b d2``, a, b in [-span, span], and along d1 alone.

    d1 and d2 are :func:`filter_normalized_direction` draws from ``torch.Generator`` seeded
    with ``seed``. ``losses[i, j]`` is the loss at ``a = alphas[j]``, ``b = betas[i]`` (rows
    along the second direction, as ``matplotlib.contour(alphas, betas, losses)`` expects).

    Returns:
        A :class:`LandscapeGrid`.
    """
    if steps < 2 or curve_steps < 2:
        raise ValueError(f"steps and curve_steps must be >= 2, got {steps} and {curve_steps}")
    generator = torch.Generator().manual_seed(seed)
    directions = [filter_normalized_direction(model, generator), filter_normalized_direction(model, generator)]
    alphas = torch.linspace(-span, span, steps, dtype=torch.float64)
    betas = alphas.clone()
    b, a = torch.meshgrid(betas, alphas, indexing="ij")  # (S, S) each, rows along b
    points = torch.stack([a.flatten(), b.flatten()], dim=1)  # (S*S, 2): (a, b) per grid point
    grid = losses_along(model, inputs, targets, directions, points, loss_fn, chunk_size)  # (S*S,)
    curve_alphas = torch.linspace(-span, span, curve_steps, dtype=torch.float64)
    curve = losses_along(model, inputs, targets, directions[:1], curve_alphas[:, None], loss_fn, chunk_size)
    return LandscapeGrid(
        alphas, betas, grid.reshape(steps, steps).double().cpu(), curve_alphas, curve.double().cpu(), directions
    )


# -- the widget ------------------------------------------------------------------------------


class LossLandscape(FigureWidget):
    """The widget :func:`loss_landscape` returns; see there."""

    def __init__(self, grids: dict[str, LandscapeGrid], span: float):
        self.grids = grids
        names = list(grids)
        first = grids[names[0]]
        spacing = float(first.curve_alphas[1] - first.curve_alphas[0])
        self.model = widgets.Dropdown(options=names, description="model", style=CONTROL_STYLE)
        self.alpha = widgets.FloatSlider(
            value=0.0,
            min=-span,
            max=span,
            step=spacing,
            description="step along d1",
            style=CONTROL_STYLE,
            readout_format=".2f",
        )
        self.view_mode = widgets.ToggleButtons(
            options=["contour", "surface"], description="2-D view", style=CONTROL_STYLE
        )
        self.levels = widgets.IntSlider(value=15, min=5, max=40, description="contour levels", style=CONTROL_STYLE)
        with figure_style():
            figure = self._build_figure(span)
        self._contours: dict[tuple[str, int], object] = {}
        self._surfaces: dict[str, object] = {}
        animated = [
            self.slice_line,
            self.curve_selected,
            self.curve_marker,
            self.grid_marker,
            self.surface_marker,
            self.title,
        ]
        super().__init__("landscape", figure, [self.model, self.alpha, self.view_mode, self.levels], animated)
        self.refresh()  # the first draw lays the figure out; put the 3-D axes where the contour axes went
        self.ax_surface.set_position(self.ax_grid.get_position())
        self.invalidate()
        with self.hold():  # draw every model's contour plot and surface once, now; end where we started
            for view in ("surface", "contour"):
                for name in [*names[1:], names[0]]:
                    self.view_mode.value, self.model.value = view, name
                    self.refresh()

    def _build_figure(self, span: float):
        figure = new_figure(11.5, 4.2)
        grid = figure.add_gridspec(1, 3, width_ratios=[1.0, 1.0, 0.05])
        self.ax_curve = figure.add_subplot(grid[0, 0])
        colors = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]
        for k, (name, landscape) in enumerate(self.grids.items()):
            self.ax_curve.plot(
                landscape.curve_alphas,
                landscape.curve,
                color=colors[k % len(colors)],
                linewidth=1.0,
                alpha=0.6,
                label=name,
            )
        self.curve_selected = self.ax_curve.plot([], [], color="black", linewidth=2.2, label="selected")[0]
        self.curve_marker = self.ax_curve.plot([], [], "o", color="#ff5a00", markeredgecolor="black", markersize=8)[0]
        self.ax_curve.set_yscale("log")
        self.ax_curve.set_xlim(-span, span)
        self.ax_curve.set_xlabel("step a along the filter-normalised direction d1")
        self.ax_curve.set_ylabel("loss (log scale)")
        self.ax_curve.set_title("1-D slice L(theta + a d1), every model")
        self.ax_curve.legend(fontsize=7, loc="upper center")
        self.ax_curve.grid(True, alpha=0.3)

        self.ax_grid = figure.add_subplot(grid[0, 1])
        self.ax_grid.set_xlabel("a (along d1)")
        self.ax_grid.set_ylabel("b (along d2)")
        self.slice_line = self.ax_grid.axhline(0.0, color="white", linestyle="--", linewidth=1.0)
        self.grid_marker = self.ax_grid.plot([], [], "o", color="#ff5a00", markeredgecolor="black", markersize=8)[0]
        self.ax_grid.set_title("2-D: L(theta + a d1 + b d2); dashed: the 1-D slice")
        self.ax_surface = figure.add_subplot(grid[0, 1], projection="3d")
        self.ax_surface.set_in_layout(False)  # laid out as the contour axes it replaces (see __init__)
        self.ax_surface.set_xlabel("a")
        self.ax_surface.set_ylabel("b")
        self.ax_surface.set_zlabel("log10 loss")
        self.ax_surface.set_title("2-D: log10 L(theta + a d1 + b d2)")
        self.surface_marker = self.ax_surface.plot(
            [], [], [], "o", color="#ff5a00", markeredgecolor="black", markersize=8
        )[0]
        self.cax = figure.add_subplot(grid[0, 2])
        self.colorbar = None
        self.title = figure.suptitle("", fontsize=10)
        return figure

    def _contour(self, name: str, levels: int):
        """The filled contour plot of a model's grid with that many levels, made on first use."""
        key = (name, levels)
        if key not in self._contours:
            landscape = self.grids[name]
            losses = landscape.losses.numpy()
            low, high = float(losses.min()), float(losses.max())
            bounds = np.geomspace(low, high if high > low else low * 1.01, levels + 1)
            self._contours[key] = self.ax_grid.contourf(
                landscape.alphas.numpy(), landscape.betas.numpy(), losses, levels=bounds, norm=LogNorm(), cmap="viridis"
            )
            self.animate(self._contours[key])  # drawn per frame: a new model or level count needs no full redraw
        return self._contours[key]

    def _surface(self, name: str):
        if name not in self._surfaces:
            landscape = self.grids[name]
            b, a = np.meshgrid(landscape.betas.numpy(), landscape.alphas.numpy(), indexing="ij")
            self._surfaces[name] = self.ax_surface.plot_surface(
                a, b, np.log10(landscape.losses.numpy()), cmap="viridis", linewidth=0, antialiased=False
            )
        return self._surfaces[name]

    def _static_key(self) -> object:
        # Contour plots and their colorbar are animated; only the 3-D surfaces are static.
        return (self.view_mode.value, self.model.value if self.view_mode.value == "surface" else None)

    def _update(self) -> None:
        name, view = self.model.value, self.view_mode.value
        landscape = self.grids[name]
        contour_view = view == "contour"
        self.ax_grid.set_visible(contour_view)
        self.ax_surface.set_visible(not contour_view)
        self.levels.disabled = not contour_view
        if contour_view:
            current = self._contour(name, self.levels.value)
            for contour in self._contours.values():
                contour.set_visible(contour is current)
            if self.colorbar is None:
                self.colorbar = self.figure.colorbar(current, cax=self.cax)
                self.colorbar.set_label("loss (log scale)")
                self.animate(self.cax)  # its ticks follow the model and the levels
            elif self.colorbar.mappable is not current:
                self.colorbar.update_normal(current)
            self.colorbar.ax.yaxis.set_major_locator(LogLocator())
            self.colorbar.ax.yaxis.set_minor_locator(NullLocator())
            self.cax.set_visible(True)
        else:
            current = self._surface(name)
            for surface in self._surfaces.values():
                surface.set_visible(surface is current)
            self.cax.set_visible(False)

        index = int(
            round(
                (self.alpha.value - float(landscape.curve_alphas[0]))
                / float(landscape.curve_alphas[1] - landscape.curve_alphas[0])
            )
        )
        index = min(max(index, 0), len(landscape.curve) - 1)
        alpha, loss = (
            round(float(landscape.curve_alphas[index]), 12) + 0.0,
            float(landscape.curve[index]),
        )  # + 0.0: no "-0.00"
        self.curve_selected.set_data(landscape.curve_alphas.numpy(), landscape.curve.numpy())
        self.curve_marker.set_data([alpha], [loss])
        self.grid_marker.set_data([alpha], [0.0])
        self.surface_marker.set_data_3d([alpha], [0.0], [np.log10(loss)])
        centre = float(landscape.curve[len(landscape.curve) // 2])
        self.title.set_text(
            f"Loss landscape of the {name} model: a = {alpha:+.2f}, loss {loss:.3g} (at the trained weights {centre:.3g})"
        )
        others = "; ".join(f"{escape(other)}: {float(g.curve.max()):.3g}" for other, g in self.grids.items())
        losses = landscape.losses
        self.show_message(
            f"<b>{escape(name)}</b>: loss {loss:.4g} at a = {alpha:+.2f} along d1 (trained weights: {centre:.4g}); "
            f"2-D grid {losses.shape[0]}x{losses.shape[1]} from {float(losses.min()):.3g} to {float(losses.max()):.3g}. "
            f"Highest loss along the 1-D slice, per model (lower is flatter): {others}."
        )


def loss_landscape(
    models,
    inputs: Tensor,
    targets: Tensor,
    *,
    loss_fn: Callable[[Tensor, Tensor], Tensor] = F.cross_entropy,
    steps: int = 25,
    curve_steps: int = 51,
    span: float = 1.0,
    seed: int = 0,
    chunk_size: int = 32,
) -> LossLandscape:
    """Compare the loss landscapes of trained models: 1-D slices, and a 2-D contour or surface.

    Every model gets its own pair of filter-normalised random directions (the same seed),
    and its losses are computed once, here, with :func:`loss_landscape_grid` (a 25 x 25 grid
    of a small MLP on the digits takes about a second). The controls only choose what to show:
    the model, the step along the 1-D slice (a marker on both plots), contour or 3-D surface,
    and the number of contour levels.

    Args:
        models: a trained ``nn.Module``, or a mapping name -> module (e.g. from
            :func:`dl_helpers.models.train_digits_models`: a plain MLP, one with residual connections, one with
            batch norm) to compare smoothness.
        inputs: the inputs the loss is averaged over, (N, ...).
        targets: the targets, (N, ...).
        loss_fn: (outputs, targets) -> scalar loss; cross-entropy by default.
        steps: grid points per axis; curve_steps: points of the 1-D slices.
        span: the grid covers a, b in [-span, span].
        seed: seeds the random directions.
        chunk_size: grid points evaluated per batch.

    Returns:
        The widget (an ``ipywidgets.VBox``).
    """
    if isinstance(models, nn.Module):
        models = {type(models).__name__: models}
    if not isinstance(models, Mapping) or not models:
        raise TypeError("models must be an nn.Module or a non-empty mapping name -> nn.Module")
    for name, model in models.items():
        if not isinstance(model, nn.Module):
            raise TypeError(f"model {name!r} must be an nn.Module, got {type(model).__name__}")
    if not isinstance(inputs, Tensor) or not isinstance(targets, Tensor):
        raise TypeError("inputs and targets must be tensors")
    if inputs.dim() == 0 or inputs.shape[0] == 0 or targets.dim() == 0 or targets.shape[0] != inputs.shape[0]:
        raise ValueError(
            f"inputs (N, ...) and targets (N, ...) must have the same number of samples N >= 1, "
            f"got {tuple(inputs.shape)} and {tuple(targets.shape)}"
        )
    if span <= 0:
        raise ValueError(f"span must be > 0, got {span}")
    grids = {
        str(name): loss_landscape_grid(
            model,
            inputs,
            targets,
            loss_fn=loss_fn,
            steps=steps,
            curve_steps=curve_steps,
            span=span,
            seed=seed,
            chunk_size=chunk_size,
        )
        for name, model in models.items()
    }
    return LossLandscape(grids, span)
