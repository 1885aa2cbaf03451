"""Do the optimizer trajectories follow torch.optim, accept a chapter's own optimizers, and redraw on every control?"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dl_helpers.data import SURFACES
from dl_helpers.widgets import OPTIMIZERS, optimizer_trajectories, run_optimizer


def test_run_optimizer_is_plain_gradient_descent_for_sgd():
    surface = SURFACES["ill-conditioned quadratic"]
    points, values = run_optimizer(surface.function, OPTIMIZERS["SGD"], (2.0, 1.0), 0.1, 0.0, 3)
    expected = [np.array([2.0, 1.0])]
    for _ in range(3):  # gradient of (x^2 + 20 y^2) / 2 is (x, 20 y)
        x, y = expected[-1]
        expected.append(np.array([x - 0.1 * x, y - 0.1 * 20 * y]))
    np.testing.assert_allclose(points, np.stack(expected))
    np.testing.assert_allclose(values, 0.5 * (points[:, 0] ** 2 + 20 * points[:, 1] ** 2))


def test_a_diverging_run_stops_and_says_so():
    widget = optimizer_trajectories(["ill-conditioned quadratic"], max_steps=100, lr=0.5)  # 0.5 > 2 / 20
    assert "Diverged" in widget.message.value
    assert len(widget.path.get_xdata()) < 101


@pytest.fixture
def widget():
    return optimizer_trajectories(max_steps=30)


def test_each_control_changes_the_path_drawn(widget, changes_view):
    for control, value in [
        (widget.lr, 0.001),
        (widget.optimizer, "Adam"),
        (widget.momentum, 0.5),
        (widget.x0, -1.0),
        (widget.y0, 0.5),
        (widget.steps, 10),
        (widget.surface, "rosenbrock"),
    ]:
        before = widget.path.get_xydata().copy()
        assert changes_view(widget, control, value), control.description
        assert not np.array_equal(before, widget.path.get_xydata()), control.description


def test_the_path_drawn_is_the_torch_optim_run(widget):
    widget.optimizer.value, widget.lr.value, widget.steps.value = "Adam", 0.1, 20
    start = (widget.x0.value, widget.y0.value)
    surface = SURFACES[widget.surface.value]
    points, _ = run_optimizer(
        surface.function,
        lambda p, lr, m: torch.optim.Adam(p, lr=lr, betas=(m, 0.999)),
        start,
        0.1,
        widget.momentum.value,
        20,
    )
    np.testing.assert_allclose(widget.path.get_xydata(), points)


def test_a_new_surface_resets_the_start_sliders_to_its_window(widget):
    widget.surface.value = "rosenbrock"
    assert (widget.x0.value, widget.y0.value) == SURFACES["rosenbrock"].start
    assert (widget.x0.min, widget.x0.max) == SURFACES["rosenbrock"].xlim
    assert widget.ax.get_ylim() == SURFACES["rosenbrock"].ylim


def test_a_chapter_can_pass_its_own_optimizers():
    calls = []

    def factory(params, lr, momentum):
        calls.append((lr, momentum))
        return torch.optim.SGD(params, lr=lr)

    widget = optimizer_trajectories(optimizers={"mine": factory}, max_steps=5, lr=0.01, momentum=0.5)
    assert widget.optimizer.options == ("mine",) and calls[-1] == (0.01, 0.5)


def test_nesterov_without_momentum_is_refused_with_a_message(widget):
    widget.optimizer.value = "Nesterov"
    widget.momentum.value = 0.0
    assert "refused" in widget.message.value and "momentum &gt; 0" in widget.message.value


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"surfaces": ["nope"]}, ValueError, "unknown surface"),
        ({"optimizers": {"x": 3}}, TypeError, "factory"),
        ({"max_steps": 0}, ValueError, "max_steps"),
        ({"lr": 5.0}, ValueError, "lr"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        optimizer_trajectories(**kwargs)
