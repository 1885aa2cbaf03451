"""Does the reference conv2d agree with torch.nn.functional.conv2d, values and gradients, and is its output size formula right?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
# (N, C, H, W), (K, kH, kW), stride, padding
CASES = [
    ((2, 3, 7, 6), (4, 3, 3), 1, 0),
    ((1, 1, 5, 5), (1, 1, 1), 1, 0),
    ((3, 2, 8, 9), (5, 2, 4), 2, 1),
    ((2, 4, 6, 6), (3, 3, 3), (1, 2), (2, 0)),
    ((1, 2, 9, 7), (2, 5, 2), (3, 1), (1, 2)),
    ((2, 1, 4, 4), (2, 4, 4), 1, 0),
    ((1, 3, 10, 11), (6, 3, 3), 3, 1),  # output size not an integer: PyTorch rounds down
]


def _inputs(seed, x_shape, w_shape, device="cpu", requires_grad=False):
    g = torch.Generator().manual_seed(seed)
    n, c, h, w = x_shape
    k, kh, kw = w_shape
    tensors = [torch.randn(*shape, generator=g, dtype=F64).to(device) for shape in ((n, c, h, w), (k, c, kh, kw), (k,))]
    return [t.requires_grad_(requires_grad) for t in tensors]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("x_shape, w_shape, stride, padding", CASES)
def test_conv2d_matches_functional_conv2d(x_shape, w_shape, stride, padding, device):
    x, weight, bias = _inputs(sum(x_shape), x_shape, w_shape, device)
    expected = F.conv2d(x, weight, bias, stride=stride, padding=padding)
    torch.testing.assert_close(ref.conv2d(x, weight, bias, stride, padding), expected)
    torch.testing.assert_close(
        ref.conv2d(x, weight, stride=stride, padding=padding), F.conv2d(x, weight, stride=stride, padding=padding)
    )


@pytest.mark.parametrize("seed", range(20))
def test_conv2d_matches_on_random_shapes_strides_and_paddings(seed):
    g = torch.Generator().manual_seed(seed)

    def draw(low, high):
        return int(torch.randint(low, high + 1, (1,), generator=g))

    kh, kw = draw(1, 4), draw(1, 4)
    x_shape = (draw(1, 3), draw(1, 3), draw(kh, 9), draw(kw, 9))
    stride, padding = (draw(1, 3), draw(1, 3)), (draw(0, 2), draw(0, 2))
    x, weight, bias = _inputs(seed, x_shape, (draw(1, 4), kh, kw))
    torch.testing.assert_close(ref.conv2d(x, weight, bias, stride, padding), F.conv2d(x, weight, bias, stride, padding))


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", CASES)
def test_conv2d_gradients_match_functional_conv2d(x_shape, w_shape, stride, padding):
    ours = _inputs(1, x_shape, w_shape, requires_grad=True)
    theirs = _inputs(1, x_shape, w_shape, requires_grad=True)
    upstream = torch.randn(F.conv2d(*theirs, stride=stride, padding=padding).shape, dtype=F64)
    (ref.conv2d(*ours, stride=stride, padding=padding) * upstream).sum().backward()
    (F.conv2d(*theirs, stride=stride, padding=padding) * upstream).sum().backward()
    for name, a, b in zip(("input", "weight", "bias"), ours, theirs):
        torch.testing.assert_close(a.grad, b.grad, msg=lambda m, name=name: f"gradient of {name}: {m}")


def test_conv2d_passes_gradcheck():
    x, weight, bias = _inputs(3, (1, 2, 5, 4), (2, 2, 3), requires_grad=True)
    assert torch.autograd.gradcheck(lambda *t: ref.conv2d(*t, stride=2, padding=1), (x, weight, bias))


def test_conv2d_takes_an_unbatched_image_and_keeps_dtype():
    x, weight, bias = _inputs(4, (1, 3, 6, 6), (2, 3, 3))
    out = ref.conv2d(x[0].float(), weight.float(), bias.float(), padding=1)
    assert out.shape == (2, 6, 6) and out.dtype == torch.float32
    torch.testing.assert_close(out, F.conv2d(x[0].float(), weight.float(), bias.float(), padding=1))


@pytest.mark.parametrize(
    "x_shape, w_shape, bias_shape, match",
    [
        ((4, 4), (1, 1, 3, 3), None, r"\(N, C, H, W\)"),
        ((1, 1, 4, 4), (1, 3, 3), None, r"\(K, C, kH, kW\)"),
        ((1, 2, 4, 4), (1, 3, 3, 3), None, "C = 2"),
        ((1, 1, 4, 4), (2, 1, 3, 3), (3,), r"\(2,\)"),
        ((1, 1, 2, 2), (1, 1, 3, 3), None, "larger than the padded input"),
        ((1, 1, 0, 4), (1, 1, 1, 1), None, "empty image"),
    ],
)
def test_conv2d_rejects_bad_shapes_naming_the_expected_one(x_shape, w_shape, bias_shape, match):
    bias = torch.zeros(bias_shape) if bias_shape else None
    with pytest.raises(ValueError, match=match):
        ref.conv2d(torch.zeros(x_shape), torch.zeros(w_shape), bias)


def test_conv2d_rejects_bad_stride_and_padding():
    x, w = torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3)
    with pytest.raises(ValueError, match="stride"):
        ref.conv2d(x, w, stride=0)
    with pytest.raises(ValueError, match="padding"):
        ref.conv2d(x, w, padding=-1)
    with pytest.raises(TypeError, match="pair"):
        ref.conv2d(x, w, stride=(1, 2, 3))


@pytest.mark.parametrize(
    "size, kernel, stride, padding", [(28, 3, 1, 1), (28, 5, 1, 0), (32, 4, 2, 1), (7, 7, 1, 0), (9, 3, 3, 0)]
)
def test_conv2d_output_size_is_the_formula_and_the_shape_of_conv2d(size, kernel, stride, padding):
    expected = (size + 2 * padding - kernel) // stride + 1
    assert ref.conv2d_output_size(size, kernel, stride, padding) == expected
    out = ref.conv2d(torch.zeros(1, 1, size, size), torch.zeros(1, 1, kernel, kernel), stride=stride, padding=padding)
    assert out.shape[-2:] == (expected, expected)


def test_conv2d_output_size_refuses_a_fractional_size_and_shows_the_numbers():
    with pytest.raises(ValueError, match=r"\(28 \+ 2\*0 - 3\) / 2 \+ 1 = 13.5 is not an integer"):
        ref.conv2d_output_size(28, 3, stride=2)
    assert ref.conv2d_output_size(28, 3, stride=2, exact=False) == 13  # as PyTorch: rounded down


def test_conv2d_output_size_takes_pairs():
    assert ref.conv2d_output_size((28, 32), (3, 5), (1, 3), (1, 2), exact=False) == (28, 11)
    with pytest.raises(ValueError, match="width"):
        ref.conv2d_output_size((28, 32), (3, 5), (1, 3), (1, 2))
    with pytest.raises(ValueError, match="larger than the padded input"):
        ref.conv2d_output_size(2, 5)


# -- dilation, corr2d, unfold and the backward pass -------------------------------------------


def _draw(g, low, high):
    return int(torch.randint(low, high + 1, (1,), generator=g))


def _random_setting(seed):
    """Random shapes (non-square, batch 1 included), stride, padding and dilation that fit."""
    g = torch.Generator().manual_seed(seed)
    kh, kw = _draw(g, 1, 4), _draw(g, 1, 4)
    stride, padding, dilation = (
        (_draw(g, 1, 3), _draw(g, 1, 3)),
        (_draw(g, 0, 2), _draw(g, 0, 2)),
        (_draw(g, 1, 2), _draw(g, 1, 2)),
    )
    height = _draw(g, max(1, dilation[0] * (kh - 1) + 1 - 2 * padding[0]), 10)
    width = _draw(g, max(1, dilation[1] * (kw - 1) + 1 - 2 * padding[1]), 10)
    x_shape = (_draw(g, 1, 3), _draw(g, 1, 3), height, width)
    return x_shape, (_draw(g, 1, 4), kh, kw), stride, padding, dilation


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(40))
def test_conv2d_with_dilation_matches_functional_conv2d(seed, device):
    x_shape, w_shape, stride, padding, dilation = _random_setting(seed)
    x, weight, bias = _inputs(seed, x_shape, w_shape, device)
    torch.testing.assert_close(
        ref.conv2d(x, weight, bias, stride, padding, dilation), F.conv2d(x, weight, bias, stride, padding, dilation)
    )


@pytest.mark.parametrize("seed", range(20))
def test_conv2d_output_size_with_dilation_is_the_shape_pytorch_makes(seed):
    x_shape, w_shape, stride, padding, dilation = _random_setting(seed)
    x, weight, _ = _inputs(seed, x_shape, w_shape)
    expected = F.conv2d(x, weight, stride=stride, padding=padding, dilation=dilation).shape[-2:]
    assert ref.conv2d_output_size(x_shape[2:], w_shape[1:], stride, padding, dilation, exact=False) == tuple(expected)


def test_conv2d_output_size_shows_the_dilated_formula():
    assert ref.conv2d_output_size(9, 3, dilation=2) == 5
    with pytest.raises(ValueError, match=r"\(10 \+ 2\*0 - 2\*\(3 - 1\) - 1\) / 2 \+ 1 = 3.5 is not an integer"):
        ref.conv2d_output_size(10, 3, stride=2, dilation=2)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(20))
def test_corr2d_is_conv2d_on_one_channel_and_unflipped(seed, device):
    g = torch.Generator().manual_seed(seed)
    kh, kw = _draw(g, 1, 4), _draw(g, 1, 4)
    X = torch.randn(_draw(g, kh, 8), _draw(g, kw, 8), generator=g, dtype=F64).to(device)
    K = torch.randn(kh, kw, generator=g, dtype=F64).to(device)
    torch.testing.assert_close(ref.corr2d(X, K), F.conv2d(X[None, None], K[None, None])[0, 0])
    # a true convolution flips the kernel; SciPy's convolve2d is one
    from scipy.signal import convolve2d

    flipped = torch.as_tensor(convolve2d(X.cpu().numpy(), K.flip(0, 1).cpu().numpy(), mode="valid"))
    torch.testing.assert_close(ref.corr2d(X, K).cpu(), flipped)


def test_corr2d_rejects_a_kernel_that_does_not_fit():
    with pytest.raises(ValueError, match="does not fit"):
        ref.corr2d(torch.zeros(3, 3), torch.zeros(4, 1))
    with pytest.raises(ValueError, match=r"\(H, W\)"):
        ref.corr2d(torch.zeros(1, 3, 3), torch.zeros(2, 2))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(40))
def test_unfold_matches_functional_unfold(seed, device):
    x_shape, w_shape, stride, padding, dilation = _random_setting(seed)
    x, _, _ = _inputs(seed, x_shape, w_shape, device)
    kernel = w_shape[1:]
    torch.testing.assert_close(
        ref.unfold(x, kernel, dilation, padding, stride), F.unfold(x, kernel, dilation, padding, stride)
    )


def test_unfold_times_the_flattened_filters_is_conv2d():
    x, weight, _ = _inputs(5, (2, 3, 7, 6), (4, 3, 3))
    columns = ref.unfold(x, 3, padding=1, stride=2)  # (N, C*9, L)
    out = (weight.reshape(4, -1) @ columns).reshape(2, 4, 4, 3)
    torch.testing.assert_close(out, F.conv2d(x, weight, padding=1, stride=2))


def test_unfold_rejects_an_unbatched_image():
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        ref.unfold(torch.zeros(3, 5, 5), 2)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(40))
def test_conv2d_backward_matches_autograd_through_functional_conv2d(seed, device):
    x_shape, w_shape, stride, padding, dilation = _random_setting(seed)
    x, weight, bias = _inputs(seed, x_shape, w_shape, device, requires_grad=True)
    out = F.conv2d(x, weight, bias, stride, padding, dilation)
    upstream = torch.randn(out.shape, generator=torch.Generator().manual_seed(seed), dtype=F64).to(device)
    expected = torch.autograd.grad(out, (x, weight, bias), upstream)
    got = ref.conv2d_backward(upstream, x.detach(), weight.detach(), stride, padding, dilation)
    for name, e, o in zip(("input", "weight", "bias"), expected, got):
        torch.testing.assert_close(o, e, msg=lambda m, name=name: f"gradient of {name}: {m}")


def test_conv2d_backward_input_gradient_is_a_full_convolution_with_the_flipped_kernel():
    x, weight, _ = _inputs(7, (2, 3, 6, 5), (4, 3, 2))
    upstream = torch.randn(2, 4, 4, 4, dtype=F64, generator=torch.Generator().manual_seed(1))  # (N, K, H_out, W_out)
    grad_input, grad_weight, _ = ref.conv2d_backward(upstream, x, weight)
    full = F.conv2d(upstream, weight.flip(-1, -2).transpose(0, 1), padding=(2, 1))  # padding k - 1: (N, C, H, W)
    torch.testing.assert_close(grad_input, full)
    correlation = F.conv2d(x.transpose(0, 1), upstream.transpose(0, 1)).transpose(0, 1)  # (K, C, kH, kW)
    torch.testing.assert_close(grad_weight, correlation)


def test_conv2d_backward_keeps_float32_and_rejects_a_wrong_grad_output():
    x, weight, _ = _inputs(8, (1, 2, 5, 5), (3, 3, 3))
    grads = ref.conv2d_backward(torch.ones(1, 3, 3, 3), x.float(), weight.float())
    assert all(g.dtype == torch.float32 for g in grads)
    with pytest.raises(ValueError, match=r"\(1, 3, 3, 3\)"):
        ref.conv2d_backward(torch.ones(1, 3, 5, 5), x, weight)
