"""Chapter 01 exercises: squared loss, least squares, ridge, gradients, features, k-fold splits.

One module per exercise, named after it, each defining ``EXERCISE``.
"""
