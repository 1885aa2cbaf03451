"""Which device the course's checks and demos run on.

CUDA is used when PyTorch sees a GPU; the environment variable ``DL_DEVICE``
overrides the choice (``DL_DEVICE=cpu`` forces the CPU, ``DL_DEVICE=cuda:1``
picks a GPU).
"""

from __future__ import annotations

import os

import torch

ENV_VAR = "DL_DEVICE"


def get_device() -> torch.device:
    """Return the device to run on: ``$DL_DEVICE`` if set, else CUDA when available, else CPU.

    Raises:
        ValueError: ``DL_DEVICE`` is not a device name PyTorch understands, or
            names a CUDA device on a machine without one.
    """
    requested = os.environ.get(ENV_VAR, "").strip()
    if not requested:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(requested)
    except RuntimeError as error:
        raise ValueError(f"{ENV_VAR}={requested!r} is not a device name (try 'cpu' or 'cuda')") from error
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"{ENV_VAR}={requested!r} asks for CUDA, but PyTorch sees no CUDA device")
    return device
