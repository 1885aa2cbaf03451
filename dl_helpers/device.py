"""Which device the course's checks and demos run on, and how many CPU threads small demos use.

CUDA is used when PyTorch sees a GPU; the environment variable ``DL_DEVICE``
overrides the choice (``DL_DEVICE=cpu`` forces the CPU, ``DL_DEVICE=cuda:1``
picks a GPU).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def one_thread() -> Iterator[None]:
    """Run PyTorch on one CPU thread inside, then restore the setting.

    These models are small: a second thread gains little, and on a busy 2-core machine
    the threads wait for each other (a training step measured 11 ms on one thread and
    700 ms on two while other work ran).
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
