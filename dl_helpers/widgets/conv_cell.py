"""Conv-cell explorer: where one value of a convolution's output comes from.

Pick a filter and an output cell. For each of a few input channels the figure shows the
padded input with the window the cell reads, the window's values, the kernel, and the
channel's cross-correlation map; the bottom row shows the output map. The message adds the
products of every channel (not only the ones drawn) and the bias and compares the sum with
the value the given convolution function produced, so a student can run it on their own
``conv2d`` and their own layer. This is the per-cell view of CNN Explainer's browser app,
computed here in PyTorch and drawn with matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.patches import Rectangle
from matplotlib.patheffects import withStroke
from torch import Tensor

from dl_helpers.reference.conv import _pair, conv2d
from dl_helpers.widgets._figure import CONTROL_STYLE, FigureWidget, escape, figure_style, new_figure


def _as_image(image) -> Tensor:
    x = torch.as_tensor(image).detach().cpu().to(torch.float64)
    if x.dim() == 4 and x.shape[0] == 1:
        x = x[0]
    if x.dim() == 2:
        x = x[None]
    if x.dim() != 3 or x.numel() == 0:
        raise ValueError(
            f"image must have shape (C, H, W), (1, C, H, W) or (H, W), got {tuple(torch.as_tensor(image).shape)}"
        )
    return x


class ConvCellExplorer(FigureWidget):
    """The widget :func:`conv_cell_explorer` returns; see there."""

    def __init__(
        self, image: Tensor, weight: Tensor, bias: Tensor | None, stride, padding, conv: Callable, channels_shown: int
    ):
        self.image, self.weight, self.bias = image, weight, bias
        self.stride, self.padding = _pair("stride", stride, 1), _pair("padding", padding, 0)
        channels, height, width = image.shape
        filters, _, kernel_h, kernel_w = weight.shape
        pad_h, pad_w = self.padding
        self.padded = torch.zeros(channels, height + 2 * pad_h, width + 2 * pad_w, dtype=torch.float64)
        self.padded[:, pad_h : pad_h + height, pad_w : pad_w + width] = image
        # The output as the given function computes it, and each channel's own correlation (reference), once.
        with torch.no_grad():
            given = conv(image[None].to(weight.dtype), weight, bias, self.stride, self.padding)
        self.output = torch.as_tensor(given).detach().cpu().to(torch.float64)[0]  # (K, H_out, W_out)
        self.partial = torch.stack(
            [
                conv2d(image[None, c : c + 1], weight[:, c : c + 1].double(), None, self.stride, self.padding)[0]
                for c in range(channels)
            ],
            dim=1,
        )  # (K, C, H_out, W_out): channel c's contribution to every output map
        _, out_h, out_w = self.output.shape
        self.shown = min(channels_shown, channels)

        self.filter = widgets.IntSlider(
            value=0, min=0, max=filters - 1, description="filter", style=CONTROL_STYLE, disabled=filters == 1
        )
        self.row = widgets.IntSlider(
            value=out_h // 2, min=0, max=out_h - 1, description="output row", style=CONTROL_STYLE
        )
        self.col = widgets.IntSlider(
            value=out_w // 2, min=0, max=out_w - 1, description="output column", style=CONTROL_STYLE
        )
        self.first_channel = widgets.IntSlider(
            value=0,
            min=0,
            max=channels - self.shown,
            description="first channel shown",
            style=CONTROL_STYLE,
            disabled=channels == self.shown,
        )
        with figure_style():
            figure = self._build_figure(kernel_h, kernel_w)
        animated = [self.title, self.out_image, self.out_cell, self.ax_out.title, self.sum_text]
        for row in self.rows:
            animated += [
                row["input"],
                row["window"],
                row["patch"],
                row["kernel"],
                row["map"],
                row["cell"],
                *row["patch_text"],
                *row["kernel_text"],
            ]
            animated += [row["ax_input"].title, row["ax_map"].title]
        super().__init__("conv-cell", figure, [self.filter, self.row, self.col, self.first_channel], animated)
        self.refresh()

    def _build_figure(self, kernel_h: int, kernel_w: int):
        figure = new_figure(8.6, 1.75 * (self.shown + 1) + 0.3)
        grid = figure.add_gridspec(self.shown + 1, 4)
        self.rows = []
        for r in range(self.shown):
            axes = [figure.add_subplot(grid[r, col]) for col in range(4)]
            row = {"ax_input": axes[0], "ax_map": axes[3]}
            row["input"] = axes[0].imshow(self.padded[0].numpy(), cmap="gray", interpolation="nearest")
            row["window"] = Rectangle((-0.5, -0.5), kernel_w, kernel_h, fill=False, edgecolor="#e0115f", linewidth=1.5)
            axes[0].add_patch(row["window"])
            row["patch"] = axes[1].imshow(np.zeros((kernel_h, kernel_w)), cmap="gray", interpolation="nearest")
            row["kernel"] = axes[2].imshow(np.zeros((kernel_h, kernel_w)), cmap="RdBu_r", interpolation="nearest")
            outline = [withStroke(linewidth=2, foreground="white")]  # readable on dark and light cells
            row["patch_text"] = [
                axes[1].text(v, u, "", ha="center", va="center", fontsize=7, path_effects=outline)
                for u in range(kernel_h)
                for v in range(kernel_w)
            ]
            row["kernel_text"] = [
                axes[2].text(v, u, "", ha="center", va="center", fontsize=7, path_effects=outline)
                for u in range(kernel_h)
                for v in range(kernel_w)
            ]
            row["map"] = axes[3].imshow(self.partial[0, 0].numpy(), cmap="viridis", interpolation="nearest")
            row["cell"] = Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor="#e0115f", linewidth=1.5)
            axes[3].add_patch(row["cell"])
            if r == 0:
                for ax, name in zip(axes[1:3], ("the window's values", "x  the kernel")):
                    ax.set_title(name, fontsize=8)
            for ax in axes:
                ax.set_axis_off()
            self.rows.append(row)
        self.ax_out = figure.add_subplot(grid[self.shown, 3])
        self.out_image = self.ax_out.imshow(self.output[0].numpy(), cmap="viridis", interpolation="nearest")
        self.out_cell = Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor="#e0115f", linewidth=1.5)
        self.ax_out.add_patch(self.out_cell)
        self.ax_out.set_axis_off()
        ax_text = figure.add_subplot(grid[self.shown, :3])
        ax_text.set_axis_off()
        self.sum_text = ax_text.text(
            0.0, 0.5, "", ha="left", va="center", fontsize=8, family="monospace", transform=ax_text.transAxes
        )
        self.title = figure.suptitle("", fontsize=10)
        return figure

    def _update(self) -> None:
        k, i, j, first = self.filter.value, self.row.value, self.col.value, self.first_channel.value
        (stride_h, stride_w), channels = self.stride, self.image.shape[0]
        kernel_h, kernel_w = self.weight.shape[2:]
        top, left = i * stride_h, j * stride_w
        window = self.padded[:, top : top + kernel_h, left : left + kernel_w]  # (C, kH, kW)
        kernels = self.weight[k].double()  # (C, kH, kW)
        products = (window * kernels).sum(dim=(1, 2))  # (C,): each channel's dot product
        bias = 0.0 if self.bias is None else float(self.bias[k])
        total = float(products.sum()) + bias
        for r, row in enumerate(self.rows):
            c = first + r
            channel = self.padded[c].numpy()
            row["input"].set_data(channel)
            row["input"].set_clim(float(channel.min()), float(channel.max()) + 1e-12)
            row["window"].set_xy((left - 0.5, top - 0.5))
            row["ax_input"].set_title(f"input channel {c} (padded)", fontsize=8)
            row["patch"].set_data(window[c].numpy())
            row["patch"].set_clim(float(channel.min()), float(channel.max()) + 1e-12)
            scale = float(kernels[c].abs().max()) or 1.0
            row["kernel"].set_data(kernels[c].numpy())
            row["kernel"].set_clim(-scale, scale)
            for t, value in zip(row["patch_text"], window[c].flatten().tolist()):
                t.set_text(f"{value:.2f}")
            for t, value in zip(row["kernel_text"], kernels[c].flatten().tolist()):
                t.set_text(f"{value:.2f}")
            partial = self.partial[k, c].numpy()
            row["map"].set_data(partial)
            row["map"].set_clim(float(partial.min()), float(partial.max()) + 1e-12)
            row["cell"].set_xy((j - 0.5, i - 0.5))
            row["ax_map"].set_title(f"= {float(products[c]):.3f} in channel {c}'s map", fontsize=8)
        out = self.output[k].numpy()
        self.out_image.set_data(out)
        self.out_image.set_clim(float(out.min()), float(out.max()) + 1e-12)
        self.out_cell.set_xy((j - 0.5, i - 0.5))
        given = float(self.output[k, i, j])
        self.ax_out.set_title(f"output map {k}: all {channels} maps + bias", fontsize=8)
        terms = " + ".join(f"{float(p):.3f}" for p in products[:6]) + (" + ..." if channels > 6 else "")
        self.sum_text.set_text(
            f"out[{k}, {i}, {j}] = sum over {channels} channel(s) of sum(window * kernel) + bias\n"
            f"            = {terms}\n"
            f"              + bias {bias:.3f} = {total:.4f}\n"
            f"your conv gave {given:.4f}"
        )
        self.title.set_text(f"Filter {k}, output cell ({i}, {j}): the window starts at padded row {top}, column {left}")
        agree = abs(given - total) <= 1e-4 * (1.0 + abs(total))
        verdict = "they agree" if agree else f"they differ by {given - total:.3g}: check your conv2d on this cell"
        self.show_message(
            f"out[{k}, {i}, {j}] = {escape(' + '.join(f'{float(p):.4f}' for p in products))} (one term per input channel) "
            f"+ bias {bias:.4f} = {total:.4f}; the convolution function gave {given:.4f}, {verdict}.",
            refused=not agree,
        )


def conv_cell_explorer(
    image, weight, bias=None, *, stride=1, padding=0, conv: Callable | None = None, channels_shown: int = 3
) -> ConvCellExplorer:
    """Show how one output value of a convolution is computed: windows times kernels, summed over channels, plus the bias.

    Args:
        image: (C, H, W), (1, C, H, W) or (H, W) tensor or array: one input of the layer.
        weight: (K, C, kH, kW) tensor, e.g. ``model[3].weight.detach()``.
        bias: (K,) or None.
        stride, padding: as in ``conv2d`` (no dilation).
        conv: the convolution whose output is explained, called as ``conv(x, weight, bias, stride, padding)``
            on the (1, C, H, W) image; by default the reference :func:`dl_helpers.reference.conv2d`.
            Pass your own ``conv2d`` to check it cell by cell.
        channels_shown: how many input channels get a row in the figure (a slider picks the first).

    Returns:
        The widget (an ``ipywidgets.VBox``); its message turns red when the sum and the given
        function's value disagree.
    """
    x = _as_image(image)
    w = torch.as_tensor(weight).detach().cpu()
    if w.dim() != 4 or w.shape[1] != x.shape[0]:
        raise ValueError(
            f"weight must have shape (K, C, kH, kW) with C = {x.shape[0]} (the image's channels), got {tuple(w.shape)}"
        )
    b = None if bias is None else torch.as_tensor(bias).detach().cpu()
    if b is not None and tuple(b.shape) != (w.shape[0],):
        raise ValueError(f"bias must have shape ({w.shape[0]},), got {tuple(b.shape)}")
    if not isinstance(channels_shown, int) or channels_shown < 1:
        raise ValueError(f"channels_shown must be an int >= 1, got {channels_shown!r}")
    return ConvCellExplorer(x, w, b, stride, padding, conv or conv2d, channels_shown)
