"""Do the closed-form schedules give torch.optim.lr_scheduler's learning rates, epoch after epoch?"""

from __future__ import annotations

import math

import pytest
import torch

from dl_helpers import reference as ref


def _lrs(make_scheduler, base_lr: float, epochs: int) -> list[float]:
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=base_lr)
    scheduler = make_scheduler(optimizer)
    lrs = []
    for _ in range(epochs):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return lrs


@pytest.mark.parametrize(
    ("base_lr", "step_size", "gamma"), [(0.1, 30, 0.1), (1.0, 1, 0.5), (0.3, 7, 0.9), (2.0, 5, 1.0)]
)
def test_step_lr_matches_torch_step_lr_over_200_epochs(base_lr, step_size, gamma):
    expected = _lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=step_size, gamma=gamma), base_lr, 200)
    got = [ref.step_lr(base_lr, epoch, step_size, gamma) for epoch in range(200)]
    for epoch, (e, g) in enumerate(zip(expected, got)):
        assert g == pytest.approx(e, rel=1e-12, abs=1e-15), f"epoch {epoch}"


@pytest.mark.parametrize(
    ("base_lr", "T_max", "eta_min"), [(0.1, 50, 0.0), (1.0, 1, 0.0), (0.3, 7, 0.01), (1e-3, 100, 1e-5), (2.0, 3, 1.5)]
)
def test_cosine_annealing_lr_matches_torch_over_four_periods(base_lr, T_max, eta_min):
    epochs = 4 * T_max + 3  # past T_max PyTorch follows the same cosine back up
    expected = _lrs(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=T_max, eta_min=eta_min), base_lr, epochs
    )
    got = [ref.cosine_annealing_lr(base_lr, epoch, T_max, eta_min) for epoch in range(epochs)]
    for epoch, (e, g) in enumerate(zip(expected, got)):
        assert g == pytest.approx(e, rel=1e-9, abs=1e-12), f"epoch {epoch}"


def test_cosine_annealing_lr_runs_from_base_lr_to_eta_min():
    assert ref.cosine_annealing_lr(0.5, 0, 10, 0.05) == 0.5
    assert ref.cosine_annealing_lr(0.5, 10, 10, 0.05) == pytest.approx(0.05)
    assert ref.cosine_annealing_lr(0.5, 5, 10, 0.05) == pytest.approx(0.275)


def test_huge_epochs_and_tiny_rates_stay_finite():
    assert ref.step_lr(1.0, 10_000, 1, 0.5) == 0.0  # underflows to zero, as PyTorch's does
    assert math.isfinite(ref.cosine_annealing_lr(1e-300, 123_456_789, 7))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ref.step_lr(0.1, -1, 10), "epoch"),
        (lambda: ref.step_lr(0.1, 1.5, 10), "epoch"),
        (lambda: ref.step_lr(0.1, 1, 0), "step_size"),
        (lambda: ref.cosine_annealing_lr(0.1, -3, 10), "epoch"),
        (lambda: ref.cosine_annealing_lr(0.1, 3, 0), "T_max"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_them(call, match):
    with pytest.raises(ValueError, match=match):
        call()
