"""Offline data sets for the notebooks: generated on the spot or bundled with a dependency.

Nothing here touches the network. Generated data is seeded by an explicit ``seed``
argument (a ``torch.Generator``, never the global random state) and returned as
float64 tensors on the CPU unless a ``dtype`` is given.

- :mod:`dl_helpers.data.regression` (chapter 01): :func:`make_linear_regression`,
  :func:`make_sine_regression` with :func:`sine_curve`, :func:`load_diabetes`.
- :mod:`dl_helpers.data.surfaces` (chapter 03 and the loss-landscape widget): 2-D test
  functions for optimizers, described in :data:`SURFACES`.
- :mod:`dl_helpers.data.text` (chapter 08): :func:`make_grammar_corpus`, sentences from a small
  grammar whose word classes and analogies are known.
"""

from dl_helpers.data.classification import load_digits, make_blobs, make_xor  # chapter 02
from dl_helpers.data.regression import (
    DIABETES_FEATURES,
    load_diabetes,
    make_linear_regression,
    make_sine_regression,
    sine_curve,
)
from dl_helpers.data.surfaces import (
    SURFACES,
    Surface,
    ill_conditioned_quadratic,
    rosenbrock,
    saddle,
)
from dl_helpers.data.text import GrammarCorpus, make_grammar_corpus  # chapter 08

__all__ = [
    "GrammarCorpus",
    "make_grammar_corpus",
    "load_digits",
    "make_blobs",
    "make_xor",  # chapter 02
    "DIABETES_FEATURES",
    "SURFACES",
    "Surface",
    "ill_conditioned_quadratic",
    "load_diabetes",
    "make_linear_regression",
    "make_sine_regression",
    "rosenbrock",
    "saddle",
    "sine_curve",
]
