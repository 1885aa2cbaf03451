"""Does the shortcut guard refuse forbidden calls however they are reached, and nothing else?"""

from __future__ import annotations

import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dl_helpers.grading.guard import ShortcutError, ShortcutGuard

GUARD = ShortcutGuard(
    [
        "torch.nn.functional.mse_loss",
        "torch._C._nn.mse_loss",
        "torch.vander",
        "numpy.linalg.lstsq",
        "dl_helpers.reference.mse_loss",
    ],
    "mse_loss",
)
a, b = torch.ones(3), torch.zeros(3)


@pytest.mark.parametrize(
    "call",
    [
        lambda: F.mse_loss(a, b),
        lambda: torch.nn.MSELoss()(a, b),
        lambda: torch.vander(a),
        lambda: np.linalg.lstsq(np.eye(2), np.ones(2), rcond=None),
    ],
    ids=["functional", "module", "builtin", "numpy-dispatcher"],
)
def test_forbidden_calls_raise(call):
    with pytest.raises(ShortcutError, match="mse_loss: your function called"), GUARD.active():
        call()


METHOD_GUARD = ShortcutGuard(["torch.logsumexp", "torch.Tensor.logsumexp", "torch.Tensor.log_softmax"], "logsumexp")


@pytest.mark.parametrize(
    "call",
    [
        lambda x: x.logsumexp(1),
        lambda x: x.log_softmax(dim=1),
        lambda x: torch.Tensor.logsumexp(x, 1),
        lambda x: (x * 2).logsumexp(0),
        lambda x: torch.nn.Parameter(x).logsumexp(1),
    ],
    ids=["method", "other-method", "through-the-class", "on-a-result", "on-a-subclass"],
)
def test_methods_of_tensors_are_refused_too(call):
    with pytest.raises(ShortcutError, match="logsumexp: your function called torch.Tensor"), METHOD_GUARD.active():
        call(torch.randn(3, 4))


def test_other_methods_and_same_named_methods_of_other_types_run():
    class Table:
        def logsumexp(self, dim):
            return dim

    x = torch.randn(3, 4)
    with METHOD_GUARD.active():
        m = x.max(dim=1, keepdim=True).values
        value = (m + (x - m).exp().sum(dim=1, keepdim=True).log()).squeeze(1)
        assert Table().logsumexp(1) == 1
    torch.testing.assert_close(value, torch.logsumexp(x, 1))


def test_an_alias_made_before_the_check_is_still_caught():
    from dl_helpers.reference import mse_loss as renamed

    with pytest.raises(ShortcutError, match="dl_helpers.reference.mse_loss"), GUARD.active():
        renamed(a, b)


def test_other_calls_run_and_the_previous_profiler_is_restored():
    def previous(frame, event, arg):
        return None

    sys.setprofile(previous)
    try:
        with GUARD.active():
            value = ((a - b) ** 2).mean()
        assert sys.getprofile() is previous
    finally:
        sys.setprofile(None)
    assert value.item() == 1.0


def test_unknown_names_are_ignored():
    guard = ShortcutGuard(["not_a_module.thing", "torch.no_such_function"], "x")
    with guard.active():
        assert torch.ones(1).sum().item() == 1.0


def test_resolving_names_imports_nothing():
    from dl_helpers.grading.guard import resolve

    assert "tabnanny" not in sys.modules or pytest.skip("tabnanny already imported")
    assert resolve("tabnanny.check") is None
    assert "tabnanny" not in sys.modules
    assert resolve("torch.vander") is torch.vander
