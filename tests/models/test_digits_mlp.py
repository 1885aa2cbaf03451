"""Do the digits MLPs train reproducibly, on the training split, to a useful accuracy?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.data import load_digits
from dl_helpers.models import DigitsMLP, train_digits_models


def test_training_is_seeded():
    first, _, _ = train_digits_models(("residual",), hidden=8, depth=2, steps=3)
    second, _, _ = train_digits_models(("residual",), hidden=8, depth=2, steps=3)
    for a, b in zip(first["residual"].parameters(), second["residual"].parameters()):
        assert torch.equal(a, b)


def test_models_learn_the_training_split_scaled_to_unit_range():
    models, inputs, labels = train_digits_models(("plain", "residual + batch norm"), steps=60)
    X_train, y_train, _, _ = load_digits()
    torch.testing.assert_close(inputs, X_train / 16.0)
    assert torch.equal(labels, y_train)
    for name, model in models.items():
        assert not model.training, name
        with torch.no_grad():
            accuracy = (model(inputs).argmax(1) == labels).double().mean().item()
        assert accuracy > 0.9, (name, accuracy)


def test_an_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="unknown variant 'dense'"):
        train_digits_models(("dense",))


def test_residual_and_batch_norm_change_the_network():
    plain, both = DigitsMLP(8, 3), DigitsMLP(8, 3, residual=True, batch_norm=True)
    assert sum(p.numel() for p in both.parameters()) > sum(p.numel() for p in plain.parameters())
    assert both(torch.zeros(5, 64)).shape == (5, 10)
