"""Helpers for the deep-learning course notebooks.

- :mod:`dl_helpers.reference`: a reference implementation of everything the course teaches.
- :mod:`dl_helpers.grading`: what the notebooks' test cells call.
- :mod:`dl_helpers.data`: offline data sets.
- :mod:`dl_helpers.device`: which device checks and demos run on.
"""

__all__ = ["get_device"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Imported on first use so that `dlcourse` starts without loading PyTorch.
    if name == "get_device":
        from dl_helpers.device import get_device

        return get_device
    raise AttributeError(f"module 'dl_helpers' has no attribute {name!r}")
