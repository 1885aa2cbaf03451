"""Shared helpers for the widget tests: drive a control, see what changed."""

from __future__ import annotations

import pytest


@pytest.fixture
def changes_view():
    """changes_view(widget, control, value) sets the control and returns True if the PNG bytes changed."""

    def change(widget, control, value) -> bool:
        before = widget.view.value
        control.value = value
        return widget.view.value != before

    return change
