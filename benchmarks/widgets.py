#!/usr/bin/env python3
"""Median redraw time of every widget control, and the time to compute a 25 x 25 loss landscape.

    python benchmarks/widgets.py [--repeats 3]

Drives each widget's controls from Python, as a slider move in the browser would (setting
``.value`` runs the same callback), with the tour notebook's data. Targets on a 2-core CPU
machine: a control change redraws in 100 ms or less (median), and the 25 x 25 loss grid of a
small MLP on the digits (1797 x 64) takes 5 s or less. Exits with status 1 if a target is missed.

Caches that a control change would normally fill are emptied before each timed change
(optimizer runs, convolutions), so the numbers include that work; what a widget computes
once when it is built (loss grids, contour plots, attention weights) is not timed per change.
The CPU time of the process is printed beside the wall-clock time: on a busy machine the
wall clock also counts time spent waiting for a core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import torch

from dl_helpers import reference as ref
from dl_helpers.models import train_digits_models
from dl_helpers.widgets import (
    attention_map,
    conv_filter_explorer,
    loss_landscape,
    loss_landscape_grid,
    optimizer_trajectories,
    synthetic_image,
)

REDRAW_MS = 100.0
GRID_SECONDS = 5.0


def attention_inputs():
    tokens = ["the", "cat", "sat", "on", "the", "mat", "<pad>", "<pad>"]
    padding = torch.tensor([[token == "<pad>" for token in tokens]])
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(1, len(tokens), 16, generator=generator)
    layers = []
    for _ in range(2):
        in_proj, out_proj = torch.randn(48, 16, generator=generator) / 4, torch.randn(16, 16, generator=generator) / 4
        x, weights = ref.multi_head_attention(
            x, x, x, in_proj, None, out_proj, None, 4, key_padding_mask=padding, is_causal=True
        )
        layers.append(weights[0])
    return tokens, torch.stack(layers), padding[0]


def time_control(widget, control, values, repeats, clear=None):
    """Median wall-clock and CPU milliseconds of setting the control to each value in turn."""
    walls, cpus = [], []
    for _ in range(repeats):
        for value in values:
            if control.value == value:
                continue
            if clear is not None:
                clear()
            wall, cpu = time.perf_counter(), time.process_time()
            control.value = value
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), len(walls)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="passes over each control's values")
    args = parser.parse_args()
    missed = []
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; torch threads {torch.get_num_threads()}")

    models, digits, labels = train_digits_models(("plain", "residual", "batch norm"), seed=0)
    grid_times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        grid = loss_landscape_grid(models["plain"], digits, labels, steps=25, seed=0)
        grid_times.append(time.perf_counter() - start)
    grid_seconds = statistics.median(grid_times)
    verdict = "met" if grid_seconds <= GRID_SECONDS else "MISSED"
    print(
        f"\nloss landscape: {tuple(grid.losses.shape)} grid + {len(grid.curve)}-point slice of a {sum(p.numel() for p in models['plain'].parameters())}-parameter "
        f"MLP on digits {tuple(digits.shape)}: median {grid_seconds:.2f} s (runs {', '.join(f'{t:.2f}' for t in grid_times)}); "
        f"target <= {GRID_SECONDS:g} s: {verdict}"
    )
    if verdict != "met":
        missed.append("landscape grid")

    conv = conv_filter_explorer(synthetic_image(49, seed=0))
    trajectories = optimizer_trajectories()
    landscape = loss_landscape(models, digits, labels, steps=25, seed=0)
    tokens, weights, padding = attention_inputs()
    attention = attention_map(tokens, weights, causal=True, padding=padding)
    trajectories.lr.value = 0.01  # warm up torch.optim (its first use imports torch._dynamo)

    plan = [
        ("conv", conv, conv.kernel, ["Sobel x", "sharpen", "all hand-made", "Gaussian blur"], conv._cache.clear),
        ("conv", conv, conv.kernel_size, [5, 3, 4, 2], conv._cache.clear),
        ("conv", conv, conv.stride, [2, 1, 3, 4], conv._cache.clear),
        ("conv", conv, conv.padding, [1, 2, 0, 3], conv._cache.clear),
        ("conv", conv, conv.channel, [1, 2, 0], conv._cache.clear),
        (
            "trajectories",
            trajectories,
            trajectories.surface,
            ["rosenbrock", "saddle", "ill-conditioned quadratic"],
            trajectories._runs.clear,
        ),
        (
            "trajectories",
            trajectories,
            trajectories.optimizer,
            ["Adam", "RMSprop", "Nesterov", "Adagrad", "SGD + momentum", "SGD"],
            trajectories._runs.clear,
        ),
        ("trajectories", trajectories, trajectories.lr, [0.003, 0.03, 0.001, 0.1], trajectories._runs.clear),
        ("trajectories", trajectories, trajectories.momentum, [0.5, 0.8, 0.95, 0.0], trajectories._runs.clear),
        ("trajectories", trajectories, trajectories.x0, [-3.0, -2.0, -1.0, 1.0], trajectories._runs.clear),
        ("trajectories", trajectories, trajectories.y0, [1.0, -1.0, 0.5, -0.5], trajectories._runs.clear),
        ("trajectories", trajectories, trajectories.steps, [50, 20, 80, 100], None),
        ("landscape", landscape, landscape.model, ["residual", "batch norm", "plain"], None),
        ("landscape", landscape, landscape.alpha, [0.2, 0.6, -0.4, -0.8, 0.0], None),
        ("landscape", landscape, landscape.view_mode, ["surface", "contour"], None),
        ("attention", attention, attention.layer, [1, 0], None),
        ("attention", attention, attention.head, [1, 2, 3, 0], None),
        ("attention", attention, attention.query, [1, 5, 7, 2], None),
    ]
    print(f"\n{'widget':<13} {'control':<16} {'median ms':>9} {'cpu ms':>7} {'changes':>7}  target <= {REDRAW_MS:g} ms")
    rows = [
        (name, control.description, *time_control(widget, control, values, args.repeats, clear))
        for name, widget, control, values, clear in plan
    ]
    levels = iter(range(5, 41))  # every change a level count not drawn before: a new contour plot each time
    landscape_levels = time_control(landscape, landscape.levels, [next(levels) for _ in range(4 * args.repeats)], 1)
    rows.insert(15, ("landscape", "contour levels", *landscape_levels))
    for name, description, wall, cpu, count in rows:
        verdict = "met" if wall <= REDRAW_MS else "MISSED"
        if verdict != "met":
            missed.append(f"{name} {description}")
        print(f"{name:<13} {description:<16} {wall:9.1f} {cpu:7.1f} {count:7d}  {verdict}")

    print("\nall targets met" if not missed else f"\nMISSED: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
