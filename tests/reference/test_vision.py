"""Do the reference conv_transpose2d and gram_matrix agree with PyTorch (values and gradients)?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _draw(g, low, high):
    return int(torch.randint(low, high + 1, (1,), generator=g))


def _setting(seed):
    g = torch.Generator().manual_seed(seed)
    stride = (_draw(g, 1, 3), _draw(g, 1, 3))
    kernel = (_draw(g, 1, 4), _draw(g, 1, 4))
    padding = (_draw(g, 0, (kernel[0] - 1) // 2), _draw(g, 0, (kernel[1] - 1) // 2))
    output_padding = (_draw(g, 0, stride[0] - 1), _draw(g, 0, stride[1] - 1))
    n, c_in, c_out, h, w = _draw(g, 1, 3), _draw(g, 1, 3), _draw(g, 1, 4), _draw(g, 1, 6), _draw(g, 1, 6)
    x = torch.randn(n, c_in, h, w, generator=g, dtype=F64)
    weight = torch.randn(c_in, c_out, *kernel, generator=g, dtype=F64)
    bias = torch.randn(c_out, generator=g, dtype=F64) if seed % 2 else None
    return x, weight, bias, stride, padding, output_padding


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(40))
def test_conv_transpose2d_matches_functional(seed, device):
    x, weight, bias, stride, padding, output_padding = _setting(seed)
    x, weight = x.to(device), weight.to(device)
    bias = None if bias is None else bias.to(device)
    expected = F.conv_transpose2d(x, weight, bias, stride, padding, output_padding)
    torch.testing.assert_close(ref.conv_transpose2d(x, weight, bias, stride, padding, output_padding), expected)
    assert expected.shape[-1] == ref.conv_transpose2d_output_size(
        x.shape[-1], weight.shape[-1], stride[1], padding[1], output_padding[1]
    )


@pytest.mark.parametrize("seed", range(8))
def test_conv_transpose2d_gradients_match(seed):
    x, weight, bias, stride, padding, output_padding = _setting(seed)
    x.requires_grad_(True)
    weight.requires_grad_(True)
    ours = ref.conv_transpose2d(x, weight, bias, stride, padding, output_padding)
    cotangent = torch.randn_like(ours)
    expected = torch.autograd.grad(
        F.conv_transpose2d(x, weight, bias, stride, padding, output_padding), (x, weight), cotangent
    )
    for got, want in zip(torch.autograd.grad(ours, (x, weight), cotangent), expected):
        torch.testing.assert_close(got, want)


def test_conv_transpose2d_is_the_input_gradient_of_conv2d():
    g = torch.Generator().manual_seed(5)
    x = torch.randn(2, 3, 7, 6, generator=g, dtype=F64, requires_grad=True)
    weight = torch.randn(4, 3, 3, 3, generator=g, dtype=F64)  # conv2d's (C_out, C_in, kH, kW)
    y = F.conv2d(x, weight, stride=2, padding=1)
    upstream = torch.randn_like(y)
    (dx,) = torch.autograd.grad(y, x, upstream)
    torch.testing.assert_close(ref.conv_transpose2d(upstream, weight, stride=2, padding=1, output_padding=(0, 1)), dx)


def test_conv_transpose2d_refuses_bad_arguments():
    with pytest.raises(ValueError, match="channels"):
        ref.conv_transpose2d(torch.zeros(1, 2, 3, 3), torch.zeros(3, 1, 2, 2))
    with pytest.raises(ValueError, match="output_padding"):
        ref.conv_transpose2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 2, 2), stride=2, output_padding=2)


def _gram_oracle(features):
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return torch.einsum("ncp,ndp->ncd", flat, flat) / (h * w)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(20))
def test_gram_matrix_matches_einsum_and_is_symmetric(seed, device):
    g = torch.Generator().manual_seed(seed)
    shape = tuple(_draw(g, 1, 5) for _ in range(4))
    features = torch.randn(shape, generator=g, dtype=F64).to(device)
    gram = ref.gram_matrix(features)
    torch.testing.assert_close(gram, _gram_oracle(features))
    torch.testing.assert_close(gram, gram.transpose(1, 2))


def test_gram_matrix_refuses_3d_features():
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        ref.gram_matrix(torch.zeros(2, 3, 4))


def _pooled(seed):
    """A max pooling's output and indices with windows that do not overlap (stride >= kernel), and its settings."""
    g = torch.Generator().manual_seed(seed)
    kernel = (_draw(g, 1, 3), _draw(g, 1, 3))
    stride = None if seed % 3 == 0 else (kernel[0] + _draw(g, 0, 1), kernel[1] + _draw(g, 0, 1))
    padding = (_draw(g, 0, kernel[0] // 2), _draw(g, 0, kernel[1] // 2))
    x = torch.randn(_draw(g, 1, 2), _draw(g, 1, 3), _draw(g, 3, 9), _draw(g, 3, 9), generator=g, dtype=F64)
    pooled, indices = F.max_pool2d(x, kernel, stride, padding, return_indices=True)
    return x, pooled, indices, kernel, stride, padding


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(30))
def test_max_unpool2d_matches_functional(seed, device):
    x, pooled, indices, kernel, stride, padding = _pooled(seed)
    pooled, indices = pooled.to(device), indices.to(device)
    try:  # the default size is too small when the pooling left input rows or columns out
        expected = F.max_unpool2d(pooled, indices, kernel, stride, padding)
    except RuntimeError:
        with pytest.raises(ValueError, match="indices"):
            ref.max_unpool2d(pooled, indices, kernel, stride, padding)
    else:
        torch.testing.assert_close(ref.max_unpool2d(pooled, indices, kernel, stride, padding), expected)
    size = x.shape[-2:]  # back to the pooling's input size, odd sizes included
    torch.testing.assert_close(
        ref.max_unpool2d(pooled, indices, kernel, stride, padding, size),
        F.max_unpool2d(pooled, indices, kernel, stride, padding, size),
    )


def test_max_unpool2d_refuses_indices_outside_the_output():
    with pytest.raises(ValueError, match="indices"):
        ref.max_unpool2d(torch.ones(1, 1, 1, 1), torch.tensor([[[[4]]]]), 2)
