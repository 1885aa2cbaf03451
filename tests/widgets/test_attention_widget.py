"""Does the attention map show the reference and PyTorch attention weights, masks hatched, and redraw on every control?"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from dl_helpers import reference as ref
from dl_helpers.widgets import attention_map, capture_attention

TOKENS = ["the", "cat", "sat", "<pad>"]


def _reference_weights():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(1, 4, 8, generator=g)
    padding = torch.tensor([[False, False, False, True]])
    layers = []
    for _ in range(2):
        in_w, out_w = torch.randn(24, 8, generator=g) / 3, torch.randn(8, 8, generator=g) / 3
        x, weights = ref.multi_head_attention(
            x, x, x, in_w, None, out_w, None, 2, key_padding_mask=padding, is_causal=True
        )
        layers.append(weights[0])  # (heads, T, T)
    return torch.stack(layers), padding[0]  # (2, 2, 4, 4), (4,)


@pytest.fixture
def widget():
    weights, padding = _reference_weights()
    return attention_map(TOKENS, weights, causal=True, padding=padding)


def test_the_enlarged_head_shows_its_weights_and_the_masks(widget):
    weights, _ = _reference_weights()
    widget.layer.value, widget.head.value = 1, 1
    shown = widget.big_image.get_array()
    np.testing.assert_allclose(shown.data, weights[1, 1].numpy())
    expected_mask = np.triu(np.ones((4, 4), dtype=bool), 1)
    expected_mask[:, 3] = True
    np.testing.assert_array_equal(np.ma.getmaskarray(shown), expected_mask)  # masked cells are not drawn as weights
    overlay = widget.big_overlay.get_array()
    assert overlay[:8, 8 * 3 :, 3].all() and not overlay[:8, :8, 3].any()  # row 0: keys 1..3 hatched, key 0 not


def test_each_control_changes_the_picture(widget, changes_view):
    assert changes_view(widget, widget.layer, 1)
    assert changes_view(widget, widget.head, 1)
    assert changes_view(widget, widget.query, 1)
    assert widget.query_box.get_y() == pytest.approx(0.5)
    assert "query 1" in widget.message.value and "cat" in widget.message.value


def test_the_token_view_greys_out_masked_keys(widget):
    widget.query.value = 1  # sees "the" and "cat"; "sat" is in the future, "<pad>" is padding
    texts = [t.get_text() for t in widget.weight_texts]
    assert texts[2] == texts[3] == "masked"
    assert float(texts[0]) + float(texts[1]) == pytest.approx(1.0, abs=0.01)
    assert widget.token_texts[3].get_bbox_patch().get_hatch() == "///"


def test_weights_captured_from_nn_multihead_attention_and_a_transformer():
    torch.manual_seed(0)
    mha = nn.MultiheadAttention(8, 2, batch_first=True)
    x = torch.randn(1, 4, 8)
    captured = capture_attention(mha, x, x, x)
    expected = mha(x, x, x, need_weights=True, average_attn_weights=False)[1]
    torch.testing.assert_close(captured, expected.detach()[None])
    encoder = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True), num_layers=3, enable_nested_tensor=False
    ).eval()
    with torch.no_grad():  # the fast path would skip the attention modules; capture must still see them
        captured = capture_attention(encoder, x)
    assert captured.shape == (3, 1, 2, 4, 4)
    widget = attention_map(TOKENS, model=encoder, inputs=x)
    assert widget.layer.max == 2 and widget.head.max == 1


@pytest.mark.parametrize(
    "tokens, weights, kwargs, error, match",
    [
        (TOKENS, torch.rand(4, 4), {}, ValueError, r"\(layers, heads, queries, keys\)"),
        (TOKENS, torch.rand(1, 2, 3, 4), {}, ValueError, "queries=4"),
        (TOKENS, torch.rand(1, 2, 4, 4), {"padding": [True]}, ValueError, r"\(keys,\) = \(4,\)"),
        (TOKENS, torch.rand(1, 2, 4, 4), {"mask": torch.zeros(3, 3, dtype=torch.bool)}, ValueError, "broadcast"),
        ([], torch.rand(1, 1, 0, 0), {}, ValueError, "empty"),
        ("the cat", torch.rand(1, 1, 2, 2), {}, TypeError, "list of strings"),
        (TOKENS, None, {}, ValueError, "either weights"),
    ],
)
def test_bad_input_is_refused_naming_the_expected_shape(tokens, weights, kwargs, error, match):
    with pytest.raises(error, match=match):
        attention_map(tokens, weights, **kwargs)
