"""Plots that several chapters draw: the decision regions of a classifier on 2-D data.

matplotlib is imported when a function is called, so importing :mod:`dl_helpers` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor


def plot_decision_regions(
    ax,
    predict: Callable[[Tensor], Tensor],
    X: Tensor,
    y: Tensor,
    *,
    num_classes: int | None = None,
    resolution: int = 200,
    margin: float = 0.5,
    title: str | None = None,
):
    """Shade the plane by the class ``predict`` assigns, and scatter the labelled points on top.

    ``predict`` is called once, on a (resolution^2, 2) grid of points covering the data plus
    ``margin`` on every side (in X's dtype, on the CPU), and must return one class index per
    point. Class k gets colour ``C{k}`` both in the regions and in the scatter; the region
    boundaries are the classifier's decision boundaries.

    Args:
        ax: a matplotlib Axes to draw on.
        predict: maps points of shape (M, 2) to class indices of shape (M,).
        X: the points, shape (N, 2).
        y: their class indices, shape (N,), values in [0, K).
        num_classes: K; by default one more than the largest label.
        resolution: grid points along each axis, >= 2.
        margin: how far the plotted area extends beyond the data on each side.
        title: the Axes title, if given.

    Returns:
        The Axes, for chaining.
    """
    import matplotlib.colors as mcolors

    if not isinstance(X, Tensor) or X.dim() != 2 or X.shape[1] != 2:
        raise ValueError(f"X must be a tensor of 2-D points, shape (N, 2), got {getattr(X, 'shape', type(X).__name__)}")
    if not isinstance(y, Tensor) or y.shape != X.shape[:1]:
        raise ValueError(
            f"y must be a tensor of shape (N,) = ({X.shape[0]},), got {getattr(y, 'shape', type(y).__name__)}"
        )
    if resolution < 2:
        raise ValueError(f"resolution must be >= 2, got {resolution}")
    X, y = X.detach().cpu(), y.detach().cpu()
    k = int(num_classes) if num_classes is not None else int(y.max()) + 1
    low, high = X.min(dim=0).values - margin, X.max(dim=0).values + margin  # (2,), (2,)
    axis_1 = torch.linspace(float(low[0]), float(high[0]), resolution, dtype=X.dtype)
    axis_2 = torch.linspace(float(low[1]), float(high[1]), resolution, dtype=X.dtype)
    grid_1, grid_2 = torch.meshgrid(axis_1, axis_2, indexing="xy")  # (R, R) each
    grid = torch.stack([grid_1.reshape(-1), grid_2.reshape(-1)], dim=1)  # (R * R, 2)
    with torch.no_grad():
        regions = torch.as_tensor(predict(grid)).detach().cpu().reshape(grid_1.shape)  # (R, R)
    colours = mcolors.ListedColormap([f"C{c}" for c in range(k)])
    ax.contourf(grid_1, grid_2, regions, levels=torch.arange(k + 1) - 0.5, cmap=colours, alpha=0.2)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=colours, vmin=-0.5, vmax=k - 0.5, s=10, edgecolors="none")
    ax.set_xlim(float(low[0]), float(high[0]))
    ax.set_ylim(float(low[1]), float(high[1]))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title is not None:
        ax.set_title(title)
    return ax
