"""Offline data sets for the notebooks: generated on the spot or bundled with a dependency.

Nothing here touches the network. Generated data is seeded by an explicit ``seed``
argument (a ``torch.Generator``, never the global random state) and returned as
float64 tensors on the CPU unless a ``dtype`` is given.

- :mod:`dl_helpers.data.regression` (chapter 01): :func:`make_linear_regression`,
  :func:`make_sine_regression` with :func:`sine_curve`, :func:`load_diabetes`.
"""

from dl_helpers.data.regression import (
    DIABETES_FEATURES,
    load_diabetes,
    make_linear_regression,
    make_sine_regression,
    sine_curve,
)

__all__ = [
    "DIABETES_FEATURES",
    "load_diabetes",
    "make_linear_regression",
    "make_sine_regression",
    "sine_curve",
]
