"""Conv-filter explorer: filters and the feature maps they produce, side by side.

The convolution is the course's reference :func:`dl_helpers.reference.conv2d`, and the output
size is checked with :func:`dl_helpers.reference.conv2d_output_size`: a setting whose output
size is not a whole number is refused with the formula, instead of being silently cropped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.patches import Rectangle
from torch import Tensor

from dl_helpers.reference.conv import conv2d, conv2d_output_size
from dl_helpers.widgets._figure import CONTROL_STYLE, FigureWidget, escape, figure_style, new_figure

HAND_MADE = ("Sobel x", "Sobel y", "box blur", "Gaussian blur", "sharpen")
ALL_HAND_MADE = "all hand-made"


def _binomial(size: int) -> Tensor:
    """Row ``size - 1`` of Pascal's triangle: (1,), (1, 1), (1, 2, 1), (1, 3, 3, 1), ..."""
    row = torch.ones(1, dtype=torch.float64)
    for _ in range(size - 1):
        row = torch.cat([row, row.new_zeros(1)]) + torch.cat([row.new_zeros(1), row])
    return row


def hand_made_kernel(name: str, size: int = 3) -> Tensor:
    """A classic image filter of shape (size, size), float64.

    - ``Sobel x`` / ``Sobel y``: smoothing (binomial) times a central difference; responds to
      vertical / horizontal edges. Size 3 is the textbook ``[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]``.
      Needs size >= 2.
    - ``box blur``: the mean of the window.
    - ``Gaussian blur``: binomial weights (a discrete Gaussian), normalised to sum 1.
    - ``sharpen``: unsharp masking, ``2 * identity - Gaussian blur`` (size 3: centre 1.75).

    Raises:
        ValueError: unknown name, or a size the filter has no version of.
    """
    if name not in HAND_MADE:
        raise ValueError(f"unknown kernel {name!r}; hand-made kernels are {', '.join(HAND_MADE)}")
    if size < 1:
        raise ValueError(f"kernel size must be >= 1, got {size}")
    smooth = _binomial(size)  # (size,)
    if name in ("Sobel x", "Sobel y"):
        if size < 2:
            raise ValueError(f"{name} needs a kernel size of at least 2 (a difference of two pixels), got {size}")
        half = _binomial(size - 1)  # (size - 1,)
        difference = torch.cat([half.new_zeros(1), half]) - torch.cat([half, half.new_zeros(1)])  # (size,)
        kernel = smooth[:, None] * difference[None, :]  # (size, size): smooth down the rows, differentiate along x
        return kernel if name == "Sobel x" else kernel.T
    if name == "box blur":
        return torch.full((size, size), 1.0 / size**2, dtype=torch.float64)
    gaussian = smooth[:, None] * smooth[None, :]
    gaussian = gaussian / gaussian.sum()
    if name == "Gaussian blur":
        return gaussian
    identity = torch.zeros(size, size, dtype=torch.float64)
    identity[(size - 1) // 2, (size - 1) // 2] = 1.0
    return 2 * identity - gaussian


def synthetic_image(size: int = 49, seed: int = 0) -> Tensor:
    """A seeded colour test image (3, size, size) in [0, 1]: a red disc, a green square, blue stripes, a little noise.

    It has edges in every direction, flat regions and texture, which is what conv filters
    respond to. The default odd size lets 3x3 kernels with stride 2 fit exactly.
    """
    if size < 8:
        raise ValueError(f"size must be >= 8 pixels, got {size}")
    generator = torch.Generator().manual_seed(seed)
    coords = torch.linspace(0.0, 1.0, size, dtype=torch.float64)
    y, x = torch.meshgrid(coords, coords, indexing="ij")  # (size, size) each
    disc = ((x - 0.32) ** 2 + (y - 0.35) ** 2 < 0.22**2).double()
    square = ((x - 0.68).abs() < 0.2) & ((y - 0.62).abs() < 0.2)
    stripes = (torch.sin(2 * math.pi * 4 * (x + y)) > 0) & (y > 0.75)
    image = torch.stack([disc, square.double(), stripes.double()])  # (3, size, size)
    image = 0.15 + 0.7 * image + 0.05 * torch.randn(image.shape, generator=generator, dtype=torch.float64)
    return image.clamp(0.0, 1.0)


def _as_batch(image) -> Tensor:
    """The image as an (N, C, H, W) float64 tensor; ValueError naming the accepted shapes otherwise."""
    if not isinstance(image, (Tensor, np.ndarray)):
        raise TypeError(
            f"image must be a tensor or NumPy array of shape (H, W), (C, H, W) or (N, C, H, W), got {type(image).__name__}"
        )
    x = torch.as_tensor(image).detach().cpu().to(torch.float64)
    if x.dim() not in (2, 3, 4):
        raise ValueError(f"image must have shape (H, W), (C, H, W) or (N, C, H, W), got {tuple(x.shape)}")
    if x.numel() == 0:
        raise ValueError(
            f"image is empty: shape {tuple(x.shape)}; expected (H, W), (C, H, W) or (N, C, H, W) with every size >= 1"
        )
    while x.dim() < 4:
        x = x.unsqueeze(0)
    return x


def _as_banks(weights, channels: int) -> dict[str, Tensor]:
    """Given weights as {name: (K, C, kH, kW) float64 tensor}."""
    if weights is None:
        return {}
    if not isinstance(weights, Mapping):
        weights = {"given weights": weights}
    banks = {}
    for name, weight in weights.items():
        if not isinstance(weight, (Tensor, np.ndarray)):
            raise TypeError(f"weights {name!r} must be a tensor of shape (K, C, kH, kW), got {type(weight).__name__}")
        w = torch.as_tensor(weight).detach().cpu().to(torch.float64)
        if w.dim() == 2:
            w = w.expand(1, channels, *w.shape) / channels  # one (kH, kW) kernel, averaged over the channels
        if w.dim() != 4 or w.shape[1] != channels or w.numel() == 0:
            raise ValueError(
                f"weights {name!r} must have shape (K, C, kH, kW) with C = {channels} (the image's channels), "
                f"or (kH, kW); got {tuple(w.shape)}"
            )
        banks[str(name)] = w
    return banks


class ConvFilterExplorer(FigureWidget):
    """The widget :func:`conv_filter_explorer` returns; see there."""

    def __init__(self, images: Tensor, banks: dict[str, Tensor], max_filters: int):
        self.images = images  # (N, C, H, W)
        self.banks = banks
        self.max_filters = max_filters
        n, channels, height, width = images.shape
        options = [*HAND_MADE, ALL_HAND_MADE, *banks]
        self.kernel = widgets.Dropdown(
            options=options, value=next(iter(banks), ALL_HAND_MADE), description="kernel", style=CONTROL_STYLE
        )
        self.kernel_size = widgets.IntSlider(value=3, min=1, max=7, description="kernel size", style=CONTROL_STYLE)
        self.stride = widgets.IntSlider(value=1, min=1, max=4, description="stride", style=CONTROL_STYLE)
        self.padding = widgets.IntSlider(value=0, min=0, max=3, description="padding", style=CONTROL_STYLE)
        self.channel = widgets.IntSlider(
            value=0, min=0, max=channels - 1, description="channel", style=CONTROL_STYLE, disabled=channels == 1
        )
        self.image = widgets.IntSlider(
            value=0, min=0, max=n - 1, description="image", style=CONTROL_STYLE, disabled=n == 1
        )
        controls = [self.kernel, self.kernel_size, self.stride, self.padding, self.channel] + (
            [self.image] if n > 1 else []
        )

        with figure_style():
            figure = self._build_figure(height, width, banks, max_filters)
        self._cache: dict[tuple, Tensor] = {}
        animated = [self.input_image, self.image_border, self.window, self.next_window, self.ax_input.title, self.title]
        for k in range(len(self.ax_filters)):
            animated += [
                self.filter_images[k],
                self.ax_filters[k].title,
                self.map_images[k],
                self.refusals[k],
                self.ax_maps[k].title,
            ]
        self._shown = None
        super().__init__("conv", figure, controls, animated)
        self.refresh()

    def _build_figure(self, height: int, width: int, banks: dict[str, Tensor], max_filters: int):
        columns = min(max_filters, max([len(HAND_MADE), *(len(b) for b in banks.values())]))
        figure = new_figure(2.6 + 1.55 * columns, 3.6)
        grid = figure.add_gridspec(2, columns + 1, width_ratios=[1.7] + [1.0] * columns)
        self.ax_input = figure.add_subplot(grid[:, 0])
        low, high = float(self.images.min()), float(self.images.max())
        self.input_image = self.ax_input.imshow(
            np.zeros((height, width)),
            cmap="gray",
            vmin=min(low, 0.0),
            vmax=high if high > low else low + 1.0,
            interpolation="nearest",
        )
        self.image_border = Rectangle(
            (-0.5, -0.5), width, height, fill=False, edgecolor="#ff9900", linestyle="--", linewidth=1.2
        )
        self.window = Rectangle((-0.5, -0.5), 3, 3, fill=False, edgecolor="#e0115f", linewidth=1.5)
        self.next_window = Rectangle((-0.5, -0.5), 3, 3, fill=False, edgecolor="#e0115f", linewidth=1.0, linestyle=":")
        for patch in (self.image_border, self.window, self.next_window):
            self.ax_input.add_patch(patch)
        self.ax_input.set_axis_off()

        self.ax_filters, self.filter_images, self.ax_maps, self.map_images, self.refusals = [], [], [], [], []
        for column in range(columns):
            ax_filter = figure.add_subplot(grid[0, column + 1])
            ax_map = figure.add_subplot(grid[1, column + 1])
            self.filter_images.append(
                ax_filter.imshow(np.zeros((3, 3)), cmap="RdBu_r", vmin=-1.0, vmax=1.0, interpolation="nearest")
            )
            self.map_images.append(ax_map.imshow(np.zeros((3, 3)), cmap="gray", interpolation="nearest"))
            self.refusals.append(
                ax_map.text(
                    0.5,
                    0.5,
                    "refused:\nnot an integer\noutput size",
                    ha="center",
                    va="center",
                    color="#b00020",
                    fontsize=8,
                    transform=ax_map.transAxes,
                )
            )
            ax_filter.set_axis_off()
            ax_map.set_axis_off()
            self.ax_filters.append(ax_filter)
            self.ax_maps.append(ax_map)
        self.colorbar = figure.colorbar(
            self.filter_images[0], ax=self.ax_filters, location="right", shrink=0.9, pad=0.01
        )
        self.colorbar.set_label("weight / the filter's max |weight|", fontsize=8)
        self.colorbar.ax.tick_params(labelsize=7)
        self.title = figure.suptitle("", fontsize=10)
        return figure

    # -- data ----------------------------------------------------------------------------

    def current_bank(self) -> tuple[list[str], Tensor]:
        """Names and weight (K, C, kH, kW) of the chosen kernel(s), at the chosen size for hand-made ones."""
        name, size, channels = self.kernel.value, self.kernel_size.value, self.images.shape[1]
        if name in self.banks:
            bank = self.banks[name]
            return [f"{name} [{k}]" for k in range(len(bank))], bank
        names = list(HAND_MADE) if name == ALL_HAND_MADE else [name]
        if size < 2:
            names = [n for n in names if not n.startswith("Sobel")]
            if not names:
                raise ValueError(f"{name} needs a kernel size of at least 2")
        kernels = torch.stack([hand_made_kernel(n, size) for n in names])  # (K, kH, kW)
        return names, kernels[:, None].expand(
            -1, channels, -1, -1
        ) / channels  # (K, C, kH, kW): the same kernel on every channel

    def feature_maps(self, bank: Tensor) -> Tensor:
        """conv2d of the current image with the bank, (K, H_out, W_out); cached per setting."""
        key = (self.image.value, self.kernel.value, tuple(bank.shape), self.stride.value, self.padding.value)
        if key not in self._cache:
            image = self.images[self.image.value : self.image.value + 1]  # (1, C, H, W)
            self._cache[key] = conv2d(image, bank, stride=self.stride.value, padding=self.padding.value)[0]
        return self._cache[key]

    # -- drawing -------------------------------------------------------------------------

    def _update(self) -> None:
        _, channels, height, width = self.images.shape
        stride, padding, channel = self.stride.value, self.padding.value, self.channel.value
        self.kernel_size.disabled = self.kernel.value in self.banks
        try:
            names, bank = self.current_bank()
        except ValueError as error:
            self._refuse(escape(error), shown=0)
            return
        filters, _, kernel_h, kernel_w = bank.shape
        shown = min(filters, self.max_filters)

        padded = np.zeros((height + 2 * padding, width + 2 * padding))
        padded[padding : padding + height, padding : padding + width] = self.images[self.image.value, channel].numpy()
        self.input_image.set_data(padded)
        self.input_image.set_extent((-0.5, width + 2 * padding - 0.5, height + 2 * padding - 0.5, -0.5))
        self.ax_input.set_xlim(-0.5, width + 2 * padding - 0.5)
        self.ax_input.set_ylim(height + 2 * padding - 0.5, -0.5)
        self.image_border.set_xy((padding - 0.5, padding - 0.5))
        self.window.set_width(kernel_w)
        self.window.set_height(kernel_h)
        self.next_window.set_width(kernel_w)
        self.next_window.set_height(kernel_h)
        self.next_window.set_x(stride - 0.5)
        self.ax_input.set_title(
            f"input channel {channel}, padding {padding}\nwindow {kernel_h}x{kernel_w}, stride {stride}", fontsize=8
        )

        self._show_columns(shown)
        for k in range(shown):
            scale = (
                float(bank[k].abs().max()) or 1.0
            )  # each filter on its own scale: a blur's small weights stay visible
            self.filter_images[k].set_data(bank[k, channel].numpy() / scale)
            self.filter_images[k].set_extent((-0.5, kernel_w - 0.5, kernel_h - 0.5, -0.5))
            self.ax_filters[k].set_xlim(-0.5, kernel_w - 0.5)
            self.ax_filters[k].set_ylim(kernel_h - 0.5, -0.5)
            self.ax_filters[k].set_title(names[k], fontsize=8)

        sizes = f"H_out = ({height} + 2*{padding} - {kernel_h}) / {stride} + 1, W_out = ({width} + 2*{padding} - {kernel_w}) / {stride} + 1"
        try:
            out_h, out_w = conv2d_output_size((height, width), (kernel_h, kernel_w), stride, padding)
        except ValueError as error:
            self._refuse(f"{escape(sizes)}: refused. {escape(error)}", shown=shown)
            return
        maps = self.feature_maps(bank)  # (K, H_out, W_out)
        for k in range(shown):
            feature_map = maps[k].numpy()
            low, high = float(feature_map.min()), float(feature_map.max())
            self.map_images[k].set_visible(True)
            self.refusals[k].set_visible(False)
            self.map_images[k].set_data(feature_map)
            self.map_images[k].set_extent((-0.5, out_w - 0.5, out_h - 0.5, -0.5))
            self.map_images[k].set_clim(low, high if high > low else low + 1e-12)
            self.ax_maps[k].set_xlim(-0.5, out_w - 0.5)
            self.ax_maps[k].set_ylim(out_h - 0.5, -0.5)
            self.ax_maps[k].set_title(f"map {out_h}x{out_w}", fontsize=8, color="black")
        more = f" (showing {shown} of {filters} filters)" if filters > shown else ""
        self.title.set_text(
            f"{self.kernel.value}: filters (channel {channel} of {channels}) and their feature maps{more}"
        )
        self.show_message(
            f"Output size: H_out = (H + 2p - k) / s + 1 = ({height} + 2*{padding} - {kernel_h}) / {stride} + 1 = {out_h}, "
            f"W_out = ({width} + 2*{padding} - {kernel_w}) / {stride} + 1 = {out_w}. "
            f"Feature maps from the reference conv2d: {filters} x {out_h} x {out_w}{escape(more)}."
        )

    def _show_columns(self, shown: int) -> None:
        """Show the first ``shown`` filter / feature-map columns and hide the rest."""
        if shown == self._shown:
            return
        self._shown = shown
        for k in range(len(self.ax_filters)):
            self.ax_filters[k].set_visible(k < shown)
            self.ax_maps[k].set_visible(k < shown)

    def _static_key(self) -> object:
        return self._shown  # how many filter columns are shown

    def _refuse(self, text: str, shown: int) -> None:
        self._show_columns(shown)
        for k in range(shown):
            self.map_images[k].set_visible(False)
            self.refusals[k].set_visible(True)
            self.ax_maps[k].set_title("refused", fontsize=8, color="#b00020")
        self.title.set_text(f"{self.kernel.value}: refused (see the message below)")
        self.show_message(text, refused=True)


def conv_filter_explorer(image, weights=None, *, max_filters: int = 8) -> ConvFilterExplorer:
    """Show conv filters and the feature maps they make of an image; controls for kernel, size, stride, padding, channel.

    Args:
        image: (H, W), (C, H, W) or (N, C, H, W) tensor or array (an "image" slider then picks
            the sample). For example :func:`synthetic_image` or a digit from
            ``sklearn.datasets.load_digits``.
        weights: conv weights (K, C, kH, kW), e.g. ``model[0].weight`` of a trained network, or
            a mapping name -> weights for several banks, or None. They join the hand-made
            kernels (Sobel x/y, box blur, Gaussian blur, sharpen, all of them) in the "kernel" menu.
        max_filters: at most this many filters are drawn.

    Returns:
        The widget (an ``ipywidgets.VBox``); display it, or read ``.view.value`` for its PNG.

    The convolution is :func:`dl_helpers.reference.conv2d`. The message shows
    ``H_out = (H + 2p - k) / s + 1`` with the current numbers; when that is not a whole
    number the setting is refused rather than silently cropped, as PyTorch would do.
    """
    images = _as_batch(image)
    banks = _as_banks(weights, images.shape[1])
    if not isinstance(max_filters, int) or max_filters < 1:
        raise ValueError(f"max_filters must be an int >= 1, got {max_filters!r}")
    return ConvFilterExplorer(images, banks, max_filters)
