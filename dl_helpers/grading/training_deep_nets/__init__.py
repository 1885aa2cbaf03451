"""Chapter 05 exercises: Kaiming initialisation, batch/layer/group normalisation, dropout, gradient clipping.

Random exercises (``kaiming_normal``, ``dropout``) take a ``torch.Generator``; the checks hand
the reference and the student copies in the same state, so both draw the same numbers and
are compared value by value.

One module per exercise, named after it, each defining ``EXERCISE``.
"""
