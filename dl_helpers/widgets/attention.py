"""Attention maps: every head of every layer, one head enlarged, and where one query token looks.

Weights come in as (layers, heads, queries, keys), e.g. stacked from
:func:`dl_helpers.reference.multi_head_attention`, or are captured from a model's
``torch.nn.MultiheadAttention`` layers with :func:`capture_attention`. Masked cells (causal
mask, padding keys, any boolean mask) are drawn hatched grey, unlike a weight of 0, which is
the colour map's darkest colour.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.patches import Patch, Rectangle
from torch import Tensor, nn

from dl_helpers.widgets._figure import CONTROL_STYLE, FigureWidget, escape, figure_style, new_figure

CMAP = "viridis"
MASK_GREY = (0.82, 0.82, 0.82)


def capture_attention(model: nn.Module, *args, **kwargs) -> Tensor:
    """Run ``model(*args, **kwargs)`` and return every ``nn.MultiheadAttention``'s weights, per head.

    Each ``nn.MultiheadAttention`` inside the model is called with ``need_weights=True,
    average_attn_weights=False`` for this one run (forward pre-hooks, removed afterwards), and
    its weights are recorded in call order. Gradients are left enabled during the run, which
    keeps ``nn.TransformerEncoderLayer`` off its fused fast path (that path skips the
    attention module, so nothing could be recorded); the weights are returned detached.

    Returns:
        (layers, N, heads, T_q, T_k), float, on the CPU.

    Raises:
        ValueError: the model has no ``nn.MultiheadAttention`` or none was called.
    """
    modules = [m for m in model.modules() if isinstance(m, nn.MultiheadAttention)]
    if not modules:
        raise ValueError(f"{type(model).__name__} contains no torch.nn.MultiheadAttention to capture weights from")
    captured: list[Tensor] = []

    def ask_for_weights(module, hook_args, hook_kwargs):
        return hook_args, {**hook_kwargs, "need_weights": True, "average_attn_weights": False}

    def record(module, hook_args, hook_kwargs, output):
        captured.append(output[1].detach().float().cpu())

    handles = []
    for module in modules:
        handles.append(module.register_forward_pre_hook(ask_for_weights, with_kwargs=True))
        handles.append(module.register_forward_hook(record, with_kwargs=True))
    try:
        with torch.enable_grad():
            model(*args, **kwargs)
    finally:
        for handle in handles:
            handle.remove()
    if not captured:
        raise ValueError("no nn.MultiheadAttention was called during the forward pass")
    weights = [
        w if w.dim() == 4 else w.unsqueeze(0) for w in captured
    ]  # unbatched (heads, T_q, T_k) -> (1, heads, T_q, T_k)
    return torch.stack(weights)  # (layers, N, heads, T_q, T_k)


def _hatch_overlay(masked: np.ndarray, cell: int = 8) -> np.ndarray:
    """An RGBA image, ``cell`` pixels per cell: grey with dark diagonal stripes where masked, transparent elsewhere."""
    rows, cols = masked.shape
    yy, xx = np.mgrid[0 : rows * cell, 0 : cols * cell]
    stripes = ((xx + yy) % cell) < 2  # diagonal lines
    overlay = np.zeros((rows * cell, cols * cell, 4))
    big = np.kron(masked, np.ones((cell, cell), dtype=bool))
    overlay[big] = (*MASK_GREY, 1.0)
    overlay[big & stripes] = (0.45, 0.45, 0.45, 1.0)
    return overlay


class AttentionMap(FigureWidget):
    """The widget :func:`attention_map` returns; see there."""

    def __init__(self, weights: np.ndarray, masked: np.ndarray, queries: list[str], keys: list[str]):
        self.weights = weights  # (L, H, T_q, T_k)
        self.masked = masked  # (L, H, T_q, T_k) bool
        self.query_tokens, self.key_tokens = queries, keys
        self.overlays = np.empty(masked.shape[:2], dtype=object)  # the hatched mask image of every head, made once
        for index in np.ndindex(*masked.shape[:2]):
            self.overlays[index] = _hatch_overlay(masked[index])
        layers, heads, t_q, t_k = weights.shape
        self.layer = widgets.IntSlider(
            value=0, min=0, max=layers - 1, description="layer", style=CONTROL_STYLE, disabled=layers == 1
        )
        self.head = widgets.IntSlider(
            value=0, min=0, max=heads - 1, description="head", style=CONTROL_STYLE, disabled=heads == 1
        )
        self.query = widgets.Dropdown(
            options=[(f"{i}: {token}", i) for i, token in enumerate(queries)],
            value=t_q // 2,
            description="query token",
            style=CONTROL_STYLE,
        )
        with figure_style():
            figure = self._build_figure()
        animated = [
            self.big_image,
            self.big_overlay,
            self.query_box,
            self.ax_big.title,
            self.selected_frame,
            self.ax_tokens.title,
            *self.token_texts,
            *self.weight_texts,
        ]
        super().__init__("attention", figure, [self.layer, self.head, self.query], animated)
        self.refresh()  # the first draw lays the figure out (titles included) ...
        self.refresh()  # ... and the frame around the selected head can then be put on it

    def _build_figure(self):
        layers, heads, t_q, t_k = self.weights.shape
        grid_width = min(1.1 * heads, 6.0)
        figure = new_figure(grid_width + 8.2, max(4.4, 0.9 + 0.24 * t_k, 1.1 * layers + 0.8))
        outer = figure.add_gridspec(1, 3, width_ratios=[grid_width, 4.4, 2.6])
        small = outer[0, 0].subgridspec(layers, heads, wspace=0.05, hspace=0.15)
        extent = (-0.5, t_k - 0.5, t_q - 0.5, -0.5)
        self.small_axes = np.empty((layers, heads), dtype=object)
        for layer in range(layers):
            for head in range(heads):
                ax = figure.add_subplot(small[layer, head])
                ax.imshow(
                    np.ma.masked_array(self.weights[layer, head], self.masked[layer, head]),
                    cmap=CMAP,
                    vmin=0,
                    vmax=1,
                    interpolation="nearest",
                )
                ax.imshow(_hatch_overlay(self.masked[layer, head], 4), extent=extent, interpolation="nearest")
                ax.set_xticks([])
                ax.set_yticks([])
                if layer == 0:
                    ax.set_title(f"head {head}", fontsize=7)
                if head == 0:
                    ax.set_ylabel(f"layer {layer}", fontsize=7)
                self.small_axes[layer, head] = ax
        self.selected_frame = Rectangle(
            (0, 0), 1, 1, fill=False, edgecolor="#ff5a00", linewidth=2.5, transform=figure.transFigure
        )
        figure.add_artist(self.selected_frame)

        self.ax_big = figure.add_subplot(outer[0, 1])
        self.big_image = self.ax_big.imshow(
            np.zeros((t_q, t_k)), cmap=CMAP, vmin=0, vmax=1, interpolation="nearest", extent=extent
        )
        self.big_overlay = self.ax_big.imshow(np.zeros((t_q, t_k, 4)), extent=extent, interpolation="nearest")
        self.query_box = Rectangle((-0.5, -0.5), t_k, 1, fill=False, edgecolor="#ff5a00", linewidth=2.0)
        self.ax_big.add_patch(self.query_box)
        self.ax_big.set_xticks(range(t_k), self.key_tokens, rotation=90, fontsize=7)
        self.ax_big.set_yticks(range(t_q), self.query_tokens, fontsize=7)
        self.ax_big.set_xlabel("key (attended to)")
        self.ax_big.set_ylabel("query (attending)")
        colorbar = figure.colorbar(self.big_image, ax=self.ax_big, shrink=0.85, pad=0.02)
        colorbar.set_label("attention weight")
        self.ax_big.legend(
            handles=[Patch(facecolor=MASK_GREY, edgecolor="0.45", hatch="///", label="masked (cannot attend)")],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.22),
            fontsize=7,
            frameon=False,
        )

        self.ax_tokens = figure.add_subplot(outer[0, 2])
        self.ax_tokens.set_axis_off()
        self.ax_tokens.set_xlim(0, 1)
        self.ax_tokens.set_ylim(t_k - 0.5, -1.0)
        self.token_texts, self.weight_texts = [], []
        for j, token in enumerate(self.key_tokens):
            self.token_texts.append(
                self.ax_tokens.text(
                    0.05,
                    j,
                    token,
                    va="center",
                    ha="left",
                    fontsize=8,
                    bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "0.6"},
                )
            )
            self.weight_texts.append(self.ax_tokens.text(0.95, j, "", va="center", ha="right", fontsize=8))
        self.cmap = self.big_image.get_cmap()
        return figure

    def _update(self) -> None:
        layer, head, query = self.layer.value, self.head.value, self.query.value
        weights = self.weights[layer, head]  # (T_q, T_k)
        masked = self.masked[layer, head]  # (T_q, T_k)
        self.big_image.set_data(np.ma.masked_array(weights, masked))
        self.big_overlay.set_data(self.overlays[layer, head])
        self.query_box.set_y(query - 0.5)
        self.ax_big.set_title(f"layer {layer}, head {head}: weights[query, key]", fontsize=9)
        position = self.small_axes[layer, head].get_position()
        self.selected_frame.set_bounds(position.x0, position.y0, position.width, position.height)

        self.ax_tokens.set_title(f"query {query} \u201c{self.query_tokens[query]}\u201d attends to:", fontsize=8)
        row, row_mask = weights[query], masked[query]
        for j, (token_text, weight_text) in enumerate(zip(self.token_texts, self.weight_texts)):
            box = token_text.get_bbox_patch()
            if row_mask[j]:
                box.set_facecolor(MASK_GREY)
                box.set_hatch("///")
                token_text.set_color("0.35")
                weight_text.set_text("masked")
                weight_text.set_color("0.35")
            else:
                color = self.cmap(float(row[j]))
                box.set_facecolor(color)
                box.set_hatch(None)
                token_text.set_color("white" if sum(color[:3]) < 1.5 else "black")
                weight_text.set_text(f"{row[j]:.2f}")
                weight_text.set_color("black")
        visible = ~row_mask
        top = int(np.argmax(np.where(visible, row, -1.0))) if visible.any() else None
        seen = int(visible.sum())
        if top is None:
            summary = "every key is masked for this query"
        else:
            summary = f"most weight on key {top} \u201c{escape(self.key_tokens[top])}\u201d ({row[top]:.2f}); {seen} of {len(row)} keys visible"
        self.show_message(
            f"Layer {layer}, head {head}, query {query} \u201c{escape(self.query_tokens[query])}\u201d: {summary}. "
            "Hatched grey cells are masked (causal mask or padding), not weights of 0."
        )


def _tokens(name: str, tokens) -> list[str]:
    if isinstance(tokens, str) or not isinstance(tokens, Sequence):
        raise TypeError(f"{name} must be a list of strings (one per position), got {type(tokens).__name__}")
    if len(tokens) == 0:
        raise ValueError(f"{name} is empty: give one token per position")
    return [str(t) for t in tokens]


def attention_map(
    tokens: Sequence[str],
    weights: Tensor | np.ndarray | None = None,
    *,
    model: nn.Module | None = None,
    inputs=None,
    forward_kwargs: dict | None = None,
    sample: int = 0,
    key_tokens: Sequence[str] | None = None,
    causal: bool = False,
    padding: Tensor | np.ndarray | Sequence[bool] | None = None,
    mask: Tensor | np.ndarray | None = None,
) -> AttentionMap:
    """Show attention weights: a layers x heads grid, one head enlarged, and a token view for one query.

    Give the weights, or a model and its input to capture them from.

    Args:
        tokens: the query tokens, one string per position (T_q); also the keys unless
            ``key_tokens`` is given (self-attention).
        weights: (layers, heads, T_q, T_k), or (heads, T_q, T_k) for one layer. E.g. the
            weights that :func:`dl_helpers.reference.multi_head_attention` returns,
            ``weights[sample]`` per layer, stacked.
        model, inputs: instead of weights: the model (containing ``nn.MultiheadAttention``
            layers) is run on ``inputs`` (a tensor, or a tuple of positional arguments, plus
            ``forward_kwargs``) and the weights of batch element ``sample`` are captured
            (:func:`capture_attention`).
        key_tokens: the key tokens (T_k) when they differ from the queries (cross-attention).
        causal: mark the causal mask: query i cannot see keys j > i.
        padding: (T_k,) booleans, True for padding keys (``key_padding_mask[sample]``).
        mask: booleans broadcastable to (layers, heads, T_q, T_k), True where attending is
            not allowed (nn.MultiheadAttention's convention for boolean masks).

    Returns:
        The widget (an ``ipywidgets.VBox``).

    Raises:
        ValueError: weights not of rank 3 or 4, token counts that do not match them, masks of
            the wrong shape, or both / neither of weights and model given.
    """
    queries = _tokens("tokens", tokens)
    keys = _tokens("key_tokens", key_tokens) if key_tokens is not None else queries
    if (weights is None) == (model is None):
        raise ValueError(
            "give either weights (layers, heads, queries, keys) or a model and its inputs, not both or neither"
        )
    if model is not None:
        args = inputs if isinstance(inputs, tuple) else (inputs,)
        captured = capture_attention(model, *args, **(forward_kwargs or {}))  # (layers, N, heads, T_q, T_k)
        if not 0 <= sample < captured.shape[1]:
            raise ValueError(f"sample must be in [0, {captured.shape[1]}), the batch size, got {sample}")
        weights = captured[:, sample]
    if not isinstance(weights, (Tensor, np.ndarray)):
        raise TypeError(
            f"weights must be a tensor of shape (layers, heads, queries, keys), got {type(weights).__name__}"
        )
    w = torch.as_tensor(weights).detach().cpu().to(torch.float64)
    if w.dim() == 3:
        w = w.unsqueeze(0)
    if w.dim() != 4:
        raise ValueError(
            f"weights must have shape (layers, heads, queries, keys) or (heads, queries, keys), got {tuple(w.shape)}"
        )
    layers, heads, t_q, t_k = w.shape
    if 0 in w.shape:
        raise ValueError(
            f"weights are empty: shape {tuple(w.shape)}; expected (layers, heads, queries, keys), every size >= 1"
        )
    if t_q != len(queries) or t_k != len(keys):
        raise ValueError(
            f"got {len(queries)} query tokens and {len(keys)} key tokens, but weights have shape {tuple(w.shape)}: "
            f"expected (layers, heads, queries={len(queries)}, keys={len(keys)})"
        )
    masked = torch.zeros(layers, heads, t_q, t_k, dtype=torch.bool)
    if causal:
        masked |= torch.ones(t_q, t_k, dtype=torch.bool).triu(1)
    if padding is not None:
        pad = torch.as_tensor(np.asarray(padding), dtype=torch.bool).flatten()
        if pad.shape != (t_k,):
            raise ValueError(
                f"padding must have shape (keys,) = ({t_k},), one flag per key token, got {tuple(pad.shape)}"
            )
        masked |= pad[None, None, None, :]
    if mask is not None:
        extra = torch.as_tensor(mask).to(torch.bool)
        try:
            masked |= extra.expand(layers, heads, t_q, t_k)
        except RuntimeError:
            raise ValueError(
                f"mask must broadcast to (layers, heads, queries, keys) = {(layers, heads, t_q, t_k)}, got {tuple(extra.shape)}"
            ) from None
    return AttentionMap(w.numpy(), masked.numpy(), queries, keys)
