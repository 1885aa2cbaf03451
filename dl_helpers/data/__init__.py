"""Offline data sets for the notebooks: generated on the spot or bundled with a dependency.

Nothing here touches the network. Generated data is seeded by an explicit ``seed``
argument (a ``torch.Generator``, never the global random state) and returned as
float64 tensors on the CPU unless a ``dtype`` is given.

- :mod:`dl_helpers.data.classification` (chapters 02 and 04): :func:`load_digits`, :func:`make_blobs`,
  :func:`make_xor`.
- :mod:`dl_helpers.data.regression` (chapter 01): :func:`make_linear_regression`,
  :func:`make_sine_regression` with :func:`sine_curve`, :func:`load_diabetes`.
- :mod:`dl_helpers.data.surfaces` (chapter 03 and the loss-landscape widget): 2-D test
  functions for optimizers, described in :data:`SURFACES`.
- :mod:`dl_helpers.data.sequences` (chapter 09): grammar sentences, the long-gap task and
  digit-string reversal, imported from that module.
- :mod:`dl_helpers.data.text` (chapter 08): :func:`make_grammar_corpus`, sentences from a small
  grammar whose word classes and analogies are known.
"""

from dl_helpers.data.classification import load_digits, make_blobs, make_xor
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
from dl_helpers.data.text import GrammarCorpus, make_grammar_corpus

__all__ = [
    "DIABETES_FEATURES",
    "GrammarCorpus",
    "SURFACES",
    "Surface",
    "ill_conditioned_quadratic",
    "load_diabetes",
    "load_digits",
    "make_blobs",
    "make_grammar_corpus",
    "make_linear_regression",
    "make_sine_regression",
    "make_xor",
    "rosenbrock",
    "saddle",
    "sine_curve",
]
