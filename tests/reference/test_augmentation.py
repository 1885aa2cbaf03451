"""Do the image augmentations do what they say, per image, reproducibly from a generator?

torchvision is not a dependency, so the checks are direct: identities at the extreme
settings, every output equal to the transform of its input at the drawn offset or flip,
and the draws spread as claimed (fixed seeds, tolerances several standard errors wide).
"""

from __future__ import annotations

import math

import pytest
import torch

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _images(seed: int, n: int = 5, c: int = 2, h: int = 4, w: int = 6) -> torch.Tensor:
    return torch.rand(n, c, h, w, generator=_gen(seed), dtype=F64)


def test_flip_with_p_0_is_the_identity_and_with_p_1_mirrors_every_image():
    x = _images(0)
    assert torch.equal(ref.random_horizontal_flip(x, 0.0, _gen(1)), x)
    assert torch.equal(ref.random_horizontal_flip(x, 1.0, _gen(1)), x.flip(-1))


def test_flip_decides_per_image_from_u_below_p():
    x = _images(2, n=12)
    u = torch.rand(12, generator=_gen(3))
    out = ref.random_horizontal_flip(x, 0.5, _gen(3))
    for i in range(12):
        assert torch.equal(out[i], x[i].flip(-1) if u[i] < 0.5 else x[i])


def test_flip_flips_a_fraction_p_of_the_images():
    n, p = 20000, 0.3
    x = torch.arange(2.0).reshape(1, 1, 1, 2).expand(n, 1, 1, 2)
    flipped = ref.random_horizontal_flip(x, p, _gen(4))[:, 0, 0, 0] == 1.0
    assert abs(flipped.double().mean().item() - p) < 6 * math.sqrt(p * (1 - p) / n)


def test_crop_of_the_full_size_without_padding_is_the_identity():
    x = _images(5)
    assert torch.equal(ref.random_crop(x, (4, 6), padding=0, generator=_gen(6)), x)


@pytest.mark.parametrize("size, padding", [(4, 1), ((4, 6), 2), ((2, 3), 0), ((3, 5), 1)])
def test_crop_cuts_the_window_at_the_drawn_offsets_of_the_zero_padded_image(size, padding):
    x = _images(7, n=6)
    h, w = (size, size) if isinstance(size, int) else size
    g = _gen(8)
    padded_h, padded_w = 4 + 2 * padding, 6 + 2 * padding
    top = torch.randint(0, padded_h - h + 1, (6,), generator=g)
    left = torch.randint(0, padded_w - w + 1, (6,), generator=g)
    padded = torch.zeros(6, 2, padded_h, padded_w, dtype=F64)
    padded[:, :, padding : padding + 4, padding : padding + 6] = x
    out = ref.random_crop(x, size, padding, _gen(8))
    assert out.shape == (6, 2, h, w)
    for i in range(6):
        torch.testing.assert_close(out[i], padded[i, :, top[i] : top[i] + h, left[i] : left[i] + w])


def test_crop_offsets_are_uniform():
    n, padding = 9000, 1
    x = torch.zeros(n, 1, 3, 3, dtype=F64)
    x[:, :, 1, 1] = 1.0  # a single bright pixel in the middle
    out = ref.random_crop(x, 3, padding, _gen(9))
    position = out[:, 0].reshape(n, 9).argmax(dim=1)  # where the pixel ended up: 3 x 3 possible shifts
    counts = torch.bincount(position, minlength=9).double()
    expected = n / 9
    assert ((counts - expected).abs() < 6 * math.sqrt(expected)).all()


def test_crop_is_differentiable_and_rejects_bad_sizes():
    x = (_images(10) + 0.1).requires_grad_()  # every pixel > 0, so zeros in a crop are padding
    out = ref.random_crop(x, 4, 1, _gen(11))
    (grad,) = torch.autograd.grad(out.sum(), x)
    # Each pixel that lands in its crop gets gradient 1, the others 0.
    assert set(grad.unique().tolist()) <= {0.0, 1.0}
    assert grad.sum().item() == (out.detach() != 0).sum().item()
    with pytest.raises(ValueError, match="fit in the padded image"):
        ref.random_crop(_images(0), 7, padding=0)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        ref.random_crop(torch.zeros(3, 4, 4), 2)


@pytest.mark.parametrize("sigma", [0.05, 0.3])
def test_noise_has_the_requested_mean_and_std_without_clipping(sigma):
    x = torch.full((200, 1, 10, 10), 0.5, dtype=F64)
    noise = (ref.gaussian_noise(x, mean=0.1, sigma=sigma, clip=False, generator=_gen(12)) - x).flatten()
    n = noise.numel()
    assert abs(noise.mean().item() - 0.1) < 6 * sigma / math.sqrt(n)
    assert abs(noise.std().item() / sigma - 1) < 6 / math.sqrt(2 * n)


def test_noise_is_reproducible_clipped_and_zero_sigma_is_the_identity():
    x = _images(13)
    expected = (x + 0.2 * torch.randn(x.shape, generator=_gen(14), dtype=F64)).clamp(0, 1)
    torch.testing.assert_close(ref.gaussian_noise(x, sigma=0.2, generator=_gen(14)), expected)
    assert torch.equal(ref.gaussian_noise(x, sigma=0.0, generator=_gen(14)), x)
    with pytest.raises(ValueError, match="sigma"):
        ref.gaussian_noise(x, sigma=-1.0)


@pytest.mark.parametrize("device", DEVICES)
def test_a_cpu_generator_gives_the_same_batch_on_every_device(device):
    x = _images(15).float()
    for transform in (
        lambda t, g: ref.random_horizontal_flip(t, 0.5, g),
        lambda t, g: ref.random_crop(t, 4, 1, g),
        lambda t, g: ref.gaussian_noise(t, sigma=0.1, generator=g),
    ):
        out = transform(x.to(device), _gen(16))
        assert out.device == x.to(device).device and out.dtype == torch.float32
        torch.testing.assert_close(out.cpu(), transform(x, _gen(16)))
