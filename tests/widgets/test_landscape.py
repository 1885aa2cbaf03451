"""Are the landscape's directions filter-normalised, its batched grid equal to a plain loop, and its widget live?"""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dl_helpers.models import DigitsMLP, train_digits_models
from dl_helpers.widgets import (
    filter_normalized_direction,
    loss_landscape,
    loss_landscape_grid,
    losses_along,
)


def _conv_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 3))


def test_direction_filters_have_the_norms_of_the_weight_filters_and_biases_do_not_move():
    model = _conv_net()
    direction = filter_normalized_direction(model, torch.Generator().manual_seed(1))
    for name, param in model.named_parameters():
        d = direction[name]
        assert d.shape == param.shape
        if param.dim() <= 1:  # biases, batch-norm weight and bias
            assert torch.count_nonzero(d) == 0, name
        else:  # each output channel / row rescaled to the weight's own
            torch.testing.assert_close(d.flatten(1).norm(dim=1), param.detach().flatten(1).norm(dim=1))


def test_directions_are_seeded():
    model = _conv_net()
    first = filter_normalized_direction(model, torch.Generator().manual_seed(3))
    second = filter_normalized_direction(model, torch.Generator().manual_seed(3))
    assert all(torch.equal(first[name], second[name]) for name in first)


def _loop(model, inputs, targets, directions, coefficients):
    """The slow way: one copy of the network per point."""
    losses = []
    for row in coefficients:
        copy_ = copy.deepcopy(model).eval()
        with torch.no_grad():
            for name, param in copy_.named_parameters():
                param += sum(float(c) * d[name] for c, d in zip(row, directions))
            losses.append(F.cross_entropy(copy_(inputs), targets))
    return torch.stack(losses)


@pytest.mark.parametrize(
    "make_model, input_shape",
    [(_conv_net, (20, 1, 6, 6)), (lambda: DigitsMLP(8, 3, residual=True, batch_norm=True), (20, 64))],
)
def test_batched_losses_equal_a_loop_over_network_copies(make_model, input_shape):
    model = make_model()
    g = torch.Generator().manual_seed(0)
    inputs = torch.randn(*input_shape, generator=g)
    targets = torch.randint(0, 3, (input_shape[0],), generator=g)
    model.train()
    model(inputs)  # give batch norm running statistics that are not the defaults
    directions = [filter_normalized_direction(model, g), filter_normalized_direction(model, g)]
    coefficients = torch.rand(11, 2, generator=g, dtype=torch.float64) * 2 - 1
    batched = losses_along(model, inputs, targets, directions, coefficients, chunk_size=4)
    torch.testing.assert_close(batched, _loop(model, inputs, targets, directions, coefficients), rtol=1e-4, atol=1e-5)
    assert model.training  # left as it was


def test_the_grid_centre_is_the_trained_loss_and_rows_run_along_the_second_direction():
    models, inputs, labels = train_digits_models(("plain",), hidden=8, depth=2, steps=10)
    model = models["plain"]
    grid = loss_landscape_grid(model, inputs[:200], labels[:200], steps=5, curve_steps=5, span=0.5)
    centre = F.cross_entropy(model(inputs[:200]), labels[:200])
    torch.testing.assert_close(grid.losses[2, 2].float(), centre, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(grid.curve[2].float(), centre, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(
        grid.losses[2], grid.curve.to(grid.losses.dtype), rtol=1e-4, atol=1e-5
    )  # b = 0 row is the 1-D slice
    point = _loop(model, inputs[:200], labels[:200], grid.directions, [(0.5, -0.25)])  # a = alphas[4], b = betas[1]
    torch.testing.assert_close(grid.losses[1, 4].float(), point[0], rtol=1e-4, atol=1e-5)


@pytest.fixture(scope="module")
def widget():
    models, inputs, labels = train_digits_models(("plain", "batch norm"), hidden=8, depth=2, steps=10)
    return loss_landscape(models, inputs[:300], labels[:300], steps=7, curve_steps=9, span=0.5)


def test_each_control_changes_the_picture(widget, changes_view):
    assert changes_view(widget, widget.alpha, 0.25)
    x, y = widget.curve_marker.get_data()
    expected = widget.grids[widget.model.value].curve[6]  # a = 0.25 is the 7th of 9 points in [-0.5, 0.5]
    assert x[0] == pytest.approx(0.25) and y[0] == pytest.approx(float(expected))
    assert changes_view(widget, widget.model, "batch norm")
    np.testing.assert_allclose(widget.curve_selected.get_ydata(), widget.grids["batch norm"].curve.numpy())
    assert changes_view(widget, widget.levels, 8)
    assert changes_view(widget, widget.view_mode, "surface")
    assert widget.ax_surface.get_visible() and not widget.ax_grid.get_visible()
    widget.view_mode.value = "contour"


def test_bad_input_is_refused(widget):
    models, inputs, labels = train_digits_models(("plain",), hidden=8, depth=2, steps=1)
    with pytest.raises(ValueError, match=r"same number of samples"):
        loss_landscape(models, inputs[:10], labels[:9])
    with pytest.raises(TypeError, match="nn.Module"):
        loss_landscape({"x": 3}, inputs, labels)
    with pytest.raises(ValueError, match=r"\(P, K\)"):
        losses_along(models["plain"], inputs, labels, [], torch.zeros(3, 1))
