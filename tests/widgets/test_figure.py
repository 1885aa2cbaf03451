"""Does every widget keep to the browser contract: classes, an Image view, a message, a static PNG?"""

from __future__ import annotations

import base64

import ipywidgets as widgets
import pytest
import torch

from dl_helpers import widgets as dw
from dl_helpers.models import train_digits_models


def _attention():
    weights = torch.softmax(torch.randn(2, 2, 4, 4, generator=torch.Generator().manual_seed(0)), dim=-1)
    return dw.attention_map(["a", "b", "c", "d"], weights)


def _landscape():
    models, inputs, labels = train_digits_models(("plain",), hidden=8, depth=2, steps=5)
    return dw.loss_landscape(models, inputs[:100], labels[:100], steps=5, curve_steps=7)


BUILDERS = {
    "conv": lambda: dw.conv_filter_explorer(dw.synthetic_image(17)),
    "trajectories": lambda: dw.optimizer_trajectories(["saddle"], max_steps=10),
    "landscape": _landscape,
    "attention": _attention,
}


@pytest.mark.parametrize("kind", BUILDERS)
def test_widget_has_the_classes_view_and_message_the_browser_test_looks_for(kind):
    widget = BUILDERS[kind]()
    assert isinstance(widget, widgets.VBox)
    assert {"dl-widget", f"dl-widget-{kind}"} <= set(widget._dom_classes)
    assert isinstance(widget.view, widgets.Image) and widget.view.format == "png"
    assert "dl-widget-view" in widget.view._dom_classes
    assert isinstance(widget.message, widgets.HTML) and "dl-widget-message" in widget.message._dom_classes
    assert bytes(widget.view.value).startswith(b"\x89PNG") and widget.message.value
    descendants = [widget.view, widget.message, *widget.children[0].children]
    assert all(child in descendants for child in widget.children[1:])
    controls = widget.controls
    assert controls and all(control.description for control in controls)
    assert any(isinstance(c, (widgets.IntSlider, widgets.Dropdown)) for c in controls)


@pytest.mark.parametrize("kind", BUILDERS)
def test_widget_display_bundle_holds_the_live_view_and_a_png_of_the_current_picture(kind):
    widget = BUILDERS[kind]()
    bundle = widget._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    assert base64.b64decode(bundle["image/png"]) == bytes(widget.view.value)


def test_hold_redraws_once_for_several_changes():
    widget = dw.conv_filter_explorer(dw.synthetic_image(17))
    renders = []
    original = widget.render
    widget.render = lambda: renders.append(1) or original()
    with widget.hold():
        widget.stride.value = 2
        widget.padding.value = 1
    assert len(renders) == 1
