"""Do the reference max_pool2d and avg_pool2d agree with torch.nn.functional's, values and gradients?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
POOLS = [(ref.max_pool2d, F.max_pool2d), (ref.avg_pool2d, F.avg_pool2d)]


def _draw(g, low, high):
    return int(torch.randint(low, high + 1, (1,), generator=g))


def _random_setting(seed):
    """A random (N, C, H, W) input (non-square, batch 1 included), kernel, stride (or None) and padding."""
    g = torch.Generator().manual_seed(seed)
    kernel = (_draw(g, 1, 4), _draw(g, 1, 4))
    stride = None if _draw(g, 0, 2) == 0 else (_draw(g, 1, 3), _draw(g, 1, 3))
    padding = (_draw(g, 0, kernel[0] // 2), _draw(g, 0, kernel[1] // 2))
    shape = (_draw(g, 1, 3), _draw(g, 1, 4), _draw(g, kernel[0], 9), _draw(g, kernel[1], 9))
    return torch.randn(shape, generator=g, dtype=F64), kernel, stride, padding


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("ours, theirs", POOLS, ids=["max", "avg"])
def test_pooling_matches_functional_on_random_settings(ours, theirs, seed, device):
    x, kernel, stride, padding = _random_setting(seed)
    x = x.to(device)
    torch.testing.assert_close(ours(x, kernel, stride, padding), theirs(x, kernel, stride, padding))


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("ours, theirs", POOLS, ids=["max", "avg"])
def test_pooling_gradients_match_functional(ours, theirs, seed):
    x, kernel, stride, padding = _random_setting(seed)
    a, b = x.clone().requires_grad_(True), x.clone().requires_grad_(True)
    upstream = torch.randn(theirs(x, kernel, stride, padding).shape, dtype=F64)
    (ours(a, kernel, stride, padding) * upstream).sum().backward()
    (theirs(b, kernel, stride, padding) * upstream).sum().backward()
    torch.testing.assert_close(a.grad, b.grad)


def test_max_pool2d_pads_with_minus_infinity_and_never_mixes_channels():
    x = -torch.ones(1, 2, 2, 2, dtype=F64)
    x[0, 1] = 5.0
    out = ref.max_pool2d(x, 2, stride=1, padding=1)  # every window touches the padding
    assert out.shape == (1, 2, 3, 3)
    assert (out[0, 0] == -1).all() and (out[0, 1] == 5).all()


def test_pooling_takes_an_unbatched_image_and_keeps_float32():
    x = torch.randn(3, 6, 5)
    for ours, theirs in POOLS:
        out = ours(x, 2)
        assert out.shape == (3, 3, 2) and out.dtype == torch.float32
        torch.testing.assert_close(out, theirs(x, 2))


def test_pooling_rejects_too_much_padding_and_a_bad_shape():
    with pytest.raises(ValueError, match="half the kernel size"):
        ref.max_pool2d(torch.zeros(1, 1, 4, 4), 2, padding=2)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        ref.avg_pool2d(torch.zeros(4, 4), 2)
    with pytest.raises(ValueError, match="larger than the padded input"):
        ref.max_pool2d(torch.zeros(1, 1, 2, 2), 3)
