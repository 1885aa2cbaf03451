"""Does the conv-filter explorer draw the reference conv2d's feature maps and refuse fractional output sizes?"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dl_helpers import reference as ref
from dl_helpers.widgets import conv_filter_explorer, hand_made_kernel, synthetic_image


@pytest.fixture
def explorer():
    return conv_filter_explorer(synthetic_image(17))


def test_hand_made_kernels_are_the_textbook_ones():
    torch.testing.assert_close(
        hand_made_kernel("Sobel x"), torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=torch.float64)
    )
    torch.testing.assert_close(hand_made_kernel("Sobel y", 3), hand_made_kernel("Sobel x", 3).T)
    for size in range(1, 6):
        assert float(hand_made_kernel("Gaussian blur", size).sum()) == pytest.approx(1.0)
        assert float(hand_made_kernel("sharpen", size).sum()) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="at least 2"):
        hand_made_kernel("Sobel x", 1)


def test_feature_maps_drawn_are_the_reference_conv2d_of_the_image(explorer):
    explorer.kernel.value = "Sobel x"
    explorer.stride.value, explorer.padding.value = 2, 1  # (17 + 2 - 3) / 2 + 1 = 9
    weight = hand_made_kernel("Sobel x")[None, None].expand(1, 3, 3, 3) / 3
    expected = ref.conv2d(synthetic_image(17)[None], weight, stride=2, padding=1)[0, 0]
    np.testing.assert_allclose(np.asarray(explorer.map_images[0].get_array()), expected.numpy())
    assert "= 9" in explorer.message.value


def test_each_control_changes_the_picture(explorer, changes_view):
    assert changes_view(explorer, explorer.kernel, "sharpen")
    assert changes_view(explorer, explorer.kernel_size, 5)
    assert changes_view(explorer, explorer.padding, 2)
    assert changes_view(explorer, explorer.channel, 1)
    assert changes_view(explorer, explorer.stride, 2)  # (17 + 4 - 5) / 2 + 1 = 9


def test_a_fractional_output_size_is_refused_with_the_formula(explorer, changes_view):
    assert changes_view(explorer, explorer.stride, 3)  # (17 - 3) / 3 + 1 is not an integer
    assert "refused" in explorer.message.value and "(17 + 2*0 - 3) / 3 + 1" in explorer.message.value
    assert not any(image.get_visible() for image in explorer.map_images)
    explorer.padding.value = 2  # (17 + 4 - 3) / 3 + 1 = 7
    assert "refused" not in explorer.message.value and "= 7" in explorer.message.value


def test_given_weights_fix_the_kernel_size_and_show_every_filter():
    weights = torch.randn(6, 1, 5, 5, generator=torch.Generator().manual_seed(0))
    explorer = conv_filter_explorer(torch.rand(2, 1, 12, 12), {"trained": weights})
    assert explorer.kernel.value == "trained" and explorer.kernel_size.disabled
    assert sum(ax.get_visible() for ax in explorer.ax_filters) == 6
    np.testing.assert_allclose(
        np.asarray(explorer.filter_images[2].get_array()), (weights[2, 0] / weights[2].abs().max()).numpy(), rtol=1e-6
    )
    before = explorer.view.value
    explorer.image.value = 1
    assert explorer.view.value != before


@pytest.mark.parametrize(
    "image, weights, error, match",
    [
        (torch.zeros(5), None, ValueError, r"\(H, W\), \(C, H, W\) or \(N, C, H, W\)"),
        (torch.zeros(1, 1, 1, 0, 3), None, ValueError, r"\(N, C, H, W\)"),
        (torch.zeros(3, 0, 8), None, ValueError, "empty"),
        ([[0.0]], None, TypeError, "tensor"),
        (torch.zeros(3, 8, 8), torch.zeros(2, 1, 3, 3), ValueError, r"\(K, C, kH, kW\) with C = 3"),
    ],
)
def test_bad_input_is_refused_naming_the_expected_shape(image, weights, error, match):
    with pytest.raises(error, match=match):
        conv_filter_explorer(image, weights)
