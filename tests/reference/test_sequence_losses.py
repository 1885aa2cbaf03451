"""Does the padded sequence cross-entropy equal PyTorch's cross_entropy with ignore_index?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("ignore_index", [-100, 0])
def test_it_matches_cross_entropy_over_the_class_dimension(seed, ignore_index, device):
    g = torch.Generator().manual_seed(seed)
    n, t, v = (int(torch.randint(1, 6, (1,), generator=g)) + 1 for _ in range(3))
    logits = torch.randn(n, t, v, generator=g, dtype=torch.float64).to(device) * 3
    target = torch.randint(0, v, (n, t), generator=g).to(device)
    target[:, -1] = ignore_index  # the last step padding everywhere, and some more
    target[torch.rand(n, t, generator=g).to(device) < 0.3] = ignore_index
    target[0, 0] = 1  # at least one real token
    expected = F.cross_entropy(logits.transpose(1, 2), target, ignore_index=ignore_index)
    torch.testing.assert_close(ref.sequence_cross_entropy(logits, target, ignore_index), expected)


def test_its_gradient_matches_and_padding_gets_none():
    logits = torch.randn(2, 4, 5, dtype=torch.float64, requires_grad=True)
    target = torch.tensor([[1, 2, -100, -100], [0, 4, 3, -100]])
    (ours,) = torch.autograd.grad(ref.sequence_cross_entropy(logits, target), logits)
    (theirs,) = torch.autograd.grad(F.cross_entropy(logits.transpose(1, 2), target), logits)
    torch.testing.assert_close(ours, theirs)
    assert ours[target == -100].abs().max() == 0


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match=r"\(2, 3, 4\)"):
        ref.sequence_cross_entropy(torch.zeros(2, 3, 4), torch.zeros(3, 2, dtype=torch.long))
