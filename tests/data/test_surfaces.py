"""Do the optimizer test functions have the documented values, minima and gradients?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.data import SURFACES, ill_conditioned_quadratic, rosenbrock, saddle

F64 = torch.float64


def test_values_at_known_points():
    p = torch.tensor([[1.0, 2.0], [0.0, 0.0]], dtype=F64)
    torch.testing.assert_close(ill_conditioned_quadratic(p), torch.tensor([0.5 * (1 + 20 * 4), 0.0], dtype=F64))
    torch.testing.assert_close(rosenbrock(p), torch.tensor([0.0 + 100 * 1.0, 1.0], dtype=F64))
    torch.testing.assert_close(saddle(p), torch.tensor([1.0 - 4.0, 0.0], dtype=F64))


@pytest.mark.parametrize("surface", SURFACES.values(), ids=lambda s: s.name)
def test_gradient_vanishes_at_the_minimum_and_not_at_the_start(surface):
    def gradient(point):
        p = torch.tensor(point, dtype=F64, requires_grad=True)
        surface.function(p).backward()
        return p.grad

    stationary = surface.minimum if surface.minimum is not None else (0.0, 0.0)
    torch.testing.assert_close(gradient(stationary), torch.zeros(2, dtype=F64))
    assert gradient(surface.start).abs().max() > 0.1
    assert surface.xlim[0] < surface.start[0] < surface.xlim[1]
    assert surface.ylim[0] < surface.start[1] < surface.ylim[1]


@pytest.mark.parametrize("surface", SURFACES.values(), ids=lambda s: s.name)
def test_a_grid_evaluates_in_one_call(surface):
    grid = torch.stack(torch.meshgrid(torch.linspace(-1, 1, 5), torch.linspace(-1, 1, 7), indexing="ij"), dim=-1)
    values = surface.function(grid)
    assert values.shape == (5, 7)
    torch.testing.assert_close(values[2, 3], surface.function(grid[2, 3]))


@pytest.mark.parametrize("bad", [torch.zeros(3), torch.zeros(4, 3), torch.tensor(1.0)])
def test_points_without_a_last_dimension_of_two_are_refused(bad):
    with pytest.raises(ValueError, match=r"\(\.\.\., 2\)"):
        rosenbrock(bad)
