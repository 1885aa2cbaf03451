"""Is a tensor made on the default device caught on a CPU-only machine, and correct device handling left alone?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.grading import GradingError, exercise
from dl_helpers.grading.device_faults import DefaultDeviceFault, DefaultDeviceTracker

X = torch.randn(3, 4, dtype=torch.float64)


def _run(fn):
    tracker = DefaultDeviceTracker()
    with tracker:
        result = fn(X)
    return tracker.origin(result) if isinstance(result, torch.Tensor) and result.dim() > 0 else None


@pytest.mark.parametrize(
    ("fn", "origin"),
    [
        (lambda x: x + torch.ones(4, dtype=x.dtype), "torch.ones"),
        (lambda x: x @ torch.eye(4, dtype=x.dtype), "torch.eye"),
        (lambda x: x @ (2 * torch.eye(4)).to(x.dtype), "torch.eye"),  # .to(dtype) does not move it
        (lambda x: torch.where(x > 0, x, torch.zeros(4, dtype=x.dtype)), "torch.zeros"),
        (lambda x: x * (torch.arange(4) < 2), "torch.arange"),
        (lambda x: x + torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=x.dtype), "torch.tensor"),
    ],
)
def test_a_default_device_tensor_meeting_the_inputs_is_a_fault(fn, origin):
    with pytest.raises(DefaultDeviceFault, match=origin):
        _run(fn)


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: x + torch.ones(4, dtype=x.dtype, device=x.device),
        lambda x: x + torch.ones_like(x),
        lambda x: x + x.new_zeros(4),
        lambda x: x @ torch.eye(4).to(x),
        lambda x: x @ torch.eye(4, dtype=x.dtype).to(x.device),
        lambda x: x * torch.tensor(2.0, dtype=x.dtype),  # a 0-dim CPU tensor may meet CUDA tensors
        lambda x: x[:, torch.arange(2)],  # CPU indices are moved to the indexed tensor's device
        lambda x: x * 2.0 + torch.finfo(x.dtype).eps,
    ],
)
def test_device_aware_code_is_no_fault(fn):
    assert _run(fn) is None


def test_a_returned_default_device_tensor_is_found():
    assert _run(lambda x: torch.zeros(3)) == "torch.zeros"


def _ridge_with_default_eye(X, y, alpha):
    x_mean, y_mean = X.mean(0), y.mean(0)
    Xc, yc = X - x_mean, y - y_mean
    w = torch.linalg.solve(Xc.T @ Xc + alpha * torch.eye(X.shape[1], dtype=X.dtype), Xc.T @ yc)
    return w, y_mean - x_mean @ w


def _ridge_with_device_eye(X, y, alpha):
    x_mean, y_mean = X.mean(0), y.mean(0)
    Xc, yc = X - x_mean, y - y_mean
    eye = torch.eye(X.shape[1], dtype=X.dtype, device=X.device)
    w = torch.linalg.solve(Xc.T @ Xc + alpha * eye, Xc.T @ yc)
    return w, y_mean - x_mean @ w


def test_the_dtypes_property_fails_a_default_device_tensor_with_the_fix_and_keeps_values():
    ridge = exercise("ridge_regression")
    for property_ in ("fixed", "random", "edge"):  # its values are right: only the device point is lost
        ridge.check(_ridge_with_default_eye, property_, seed=1)
    with pytest.raises(GradingError, match=r"(?s)torch.eye\(\.\.\.\) without device=.*device=x.device"):
        ridge.check(_ridge_with_default_eye, "dtypes", seed=2)
    ridge.check(_ridge_with_device_eye, "dtypes", seed=2)
