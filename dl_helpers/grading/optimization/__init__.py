"""Chapter 03 exercises: optimizer steps that match torch.optim, and a cosine learning-rate schedule.

Every step function is pure: it gets the parameter, its gradient and the optimizer state,
and returns the new parameter and the new state. The checks therefore compare whole
tuples, ``(param, state, ...)``, with the reference's, and refuse a function that changes
its arguments in place.

One module per exercise, named after it, each defining ``EXERCISE``.
"""
