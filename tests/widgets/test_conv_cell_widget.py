"""Does the conv-cell explorer add up each output value from windows, kernels and bias, and flag a convolution that disagrees?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers.widgets import conv_cell_explorer


@pytest.fixture
def layer():
    gen = torch.Generator().manual_seed(0)
    return torch.rand(5, 6, 7, generator=gen), torch.randn(4, 5, 3, 2, generator=gen), torch.randn(4, generator=gen)


def test_the_sum_of_channel_terms_and_bias_is_the_output_value(layer):
    image, weight, bias = layer
    explorer = conv_cell_explorer(image, weight, bias, stride=2, padding=1, conv=F.conv2d, channels_shown=2)
    explorer.filter.value, explorer.row.value, explorer.col.value = 3, 1, 2
    expected = F.conv2d(image[None], weight, bias, stride=2, padding=1)[0, 3, 1, 2].item()
    padded = F.pad(image, (1, 1, 1, 1))
    terms = (padded[:, 2:5, 4:6] * weight[3]).sum(dim=(1, 2))  # window of cell (1, 2) with stride 2
    assert "they agree" in explorer.message.value
    assert f"{expected:.4f}" in explorer.message.value
    assert f"{terms[4].item():.4f}" in explorer.message.value  # every channel's term, not only the two drawn


def test_a_convolution_that_disagrees_is_flagged(layer):
    image, weight, bias = layer
    explorer = conv_cell_explorer(image, weight, bias, conv=lambda x, w, b, s, p: F.conv2d(x, w.flip(-1, -2), b, s, p))
    assert "they differ" in explorer.message.value and "#b00020" in explorer.message.value


def test_each_control_changes_the_picture(layer, changes_view):
    image, weight, bias = layer
    explorer = conv_cell_explorer(image, weight, bias, padding=1, channels_shown=2)
    assert changes_view(explorer, explorer.filter, 2)
    assert changes_view(explorer, explorer.row, 0)
    assert changes_view(explorer, explorer.col, 5)
    assert changes_view(explorer, explorer.first_channel, 3)


def test_bad_shapes_are_refused_naming_the_expected_one(layer):
    image, weight, bias = layer
    with pytest.raises(ValueError, match="C = 5"):
        conv_cell_explorer(image, weight[:, :2], bias)
    with pytest.raises(ValueError, match=r"\(4,\)"):
        conv_cell_explorer(image, weight, bias[:2])
