"""Chapter 04 exercises: GELU, backward passes by hand, gradient checking, and the scalar autodiff engine.

One module per exercise, named after it, each defining ``EXERCISE``.
"""
