"""Interactive figures for the chapters: conv filters, optimizer trajectories, loss landscapes, attention maps.

Each function returns an ``ipywidgets.VBox`` holding controls (standard ipywidgets), the
picture (``.view``, an ``ipywidgets.Image`` of a matplotlib figure, CSS class
``dl-widget-view``) and a message line (``.message``, an ``ipywidgets.HTML``, class
``dl-widget-message``); the box has the classes ``dl-widget`` and ``dl-widget-<kind>``.
Expensive data is computed once; a control change indexes it, updates the figure's artists
in place and re-renders the PNG. No JavaScript beyond core ipywidgets; an executed or
exported notebook keeps a PNG of each widget's current state.

- :func:`conv_filter_explorer` (chapter 06): filters and feature maps, via the reference conv2d.
- :func:`conv_cell_explorer` (chapter 06): one output value of a conv layer worked out, window by window and channel by channel.
- :func:`optimizer_trajectories` (chapter 03): torch.optim paths on 2-D test functions.
- :func:`loss_landscape` (chapters 05 and 07): filter-normalised loss slices of trained models;
  :func:`loss_landscape_grid` computes them without a widget.
- :func:`attention_map` (chapter 10): attention weights per layer and head, masks hatched.
- :func:`plot_decision_regions` (chapter 02): a static plot of a classifier's regions on 2-D data.
"""

from dl_helpers.widgets.attention import AttentionMap, attention_map, capture_attention
from dl_helpers.widgets.conv import ConvFilterExplorer, conv_filter_explorer, hand_made_kernel, synthetic_image
from dl_helpers.widgets.conv_cell import ConvCellExplorer, conv_cell_explorer
from dl_helpers.widgets.decision_regions import plot_decision_regions
from dl_helpers.widgets.landscape import (
    LandscapeGrid,
    LossLandscape,
    filter_normalized_direction,
    loss_landscape,
    loss_landscape_grid,
    losses_along,
)
from dl_helpers.widgets.trajectories import OPTIMIZERS, OptimizerTrajectories, optimizer_trajectories, run_optimizer

__all__ = [
    "OPTIMIZERS",
    "AttentionMap",
    "ConvCellExplorer",
    "ConvFilterExplorer",
    "LandscapeGrid",
    "LossLandscape",
    "OptimizerTrajectories",
    "attention_map",
    "capture_attention",
    "conv_cell_explorer",
    "conv_filter_explorer",
    "filter_normalized_direction",
    "hand_made_kernel",
    "loss_landscape",
    "loss_landscape_grid",
    "losses_along",
    "optimizer_trajectories",
    "plot_decision_regions",
    "run_optimizer",
    "synthetic_image",
]
