"""Small models the chapters and widgets train from scratch (no pretrained weights)."""

from dl_helpers.models.digits_mlp import DigitsMLP, train_digits_models

__all__ = [
    "DigitsMLP",
    "train_digits_models",
]
