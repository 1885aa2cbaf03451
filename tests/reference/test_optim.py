"""Does sgd_step take the same steps as torch.optim.SGD?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers import reference as ref


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_sgd_step_matches_torch_optim_sgd_over_100_steps(weight_decay):
    g = torch.Generator().manual_seed(0)
    theirs = torch.randn(5, dtype=torch.float64, generator=g).requires_grad_()
    ours = theirs.detach().clone()
    optimizer = torch.optim.SGD([theirs], lr=0.05, weight_decay=weight_decay)
    target = torch.randn(5, dtype=torch.float64, generator=g)
    for _ in range(100):
        optimizer.zero_grad()
        ((theirs - target) ** 2).sum().backward()
        optimizer.step()
        ref.sgd_step(ours, 2 * (ours - target), lr=0.05, weight_decay=weight_decay)
    torch.testing.assert_close(ours, theirs.detach(), rtol=1e-12, atol=1e-12)


def test_sgd_step_rejects_bad_hyperparameters():
    with pytest.raises(ValueError, match="lr"):
        ref.sgd_step(torch.zeros(1), torch.zeros(1), lr=0.0)
    with pytest.raises(ValueError, match="weight_decay"):
        ref.sgd_step(torch.zeros(1), torch.zeros(1), lr=0.1, weight_decay=-1.0)
