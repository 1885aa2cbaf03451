"""Reference implementations of what the course teaches, built from tensor operations.

Names, argument order and layouts follow ``torch.nn.functional`` and ``torch.optim``
where PyTorch has the same thing, so each one is tested against PyTorch's own.

Shape letters used throughout: N batch (samples), D input features, K outputs,
C channels, H and W image height and width, T time steps.
"""

from dl_helpers.reference.linear import (
    linear,
    mse_gradients,
    normal_equations,
    polynomial_features,
    ridge_regression,
)
from dl_helpers.reference.losses import gaussian_nll_loss, mse_loss
from dl_helpers.reference.optim import sgd_step
from dl_helpers.reference.validation import kfold_indices

__all__ = [
    "gaussian_nll_loss",
    "kfold_indices",
    "linear",
    "mse_gradients",
    "mse_loss",
    "normal_equations",
    "polynomial_features",
    "ridge_regression",
    "sgd_step",
]
