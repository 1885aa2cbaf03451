"""Does get_device pick CUDA when present and obey DL_DEVICE?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.device import get_device


def test_default_is_cuda_when_available_else_cpu(monkeypatch):
    monkeypatch.delenv("DL_DEVICE", raising=False)
    assert get_device().type == ("cuda" if torch.cuda.is_available() else "cpu")


def test_dl_device_forces_cpu(monkeypatch):
    monkeypatch.setenv("DL_DEVICE", "cpu")
    assert get_device() == torch.device("cpu")


def test_dl_device_rejects_a_name_torch_does_not_know(monkeypatch):
    monkeypatch.setenv("DL_DEVICE", "gpu-please")
    with pytest.raises(ValueError, match="DL_DEVICE='gpu-please'"):
        get_device()


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_dl_device_cuda_without_a_gpu_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("DL_DEVICE", "cuda")
    with pytest.raises(ValueError, match="no CUDA device"):
        get_device()
