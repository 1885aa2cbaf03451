"""Answers a student might hand in for ``max_pool2d``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

_PAIR = """
def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)
"""

VARIANTS = [
    _v(
        "loops over output positions",
        _PAIR
        + """
import torch

def max_pool2d(input, kernel_size, stride=None, padding=0):
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    n, c, h, w = input.shape
    x = torch.full((n, c, h + 2 * ph, w + 2 * pw), float("-inf"), dtype=input.dtype, device=input.device)
    x[:, :, ph:ph + h, pw:pw + w] = input
    oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
    rows = []
    for i in range(oh):
        rows.append(torch.stack([x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].amax(dim=(-2, -1)) for j in range(ow)], dim=-1))
    return torch.stack(rows, dim=-2)
""",
    ),
    _v(
        "running maximum over kernel taps",
        _PAIR
        + """
import torch
import torch.nn.functional as F

def max_pool2d(input, kernel_size, stride=None, padding=0):
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    x = F.pad(input, (pw, pw, ph, ph), value=float("-inf"))
    oh, ow = (x.shape[-2] - kh) // sh + 1, (x.shape[-1] - kw) // sw + 1
    out = None
    for u in range(kh):
        for v in range(kw):
            tap = x[..., u:u + sh * (oh - 1) + 1:sh, v:v + sw * (ow - 1) + 1:sw]
            out = tap if out is None else torch.maximum(out, tap)
    return out
""",
    ),
    _v(
        "Tensor.unfold and max over the window",
        _PAIR
        + """
import torch.nn.functional as F

def max_pool2d(input, kernel_size, stride=None, padding=0):
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    x = F.pad(input, (pw, pw, ph, ph), value=-float("inf"))
    windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
    return windows.reshape(*windows.shape[:-2], -1).max(dim=-1).values
""",
    ),
    _v(
        "stride defaults to 1",
        _PAIR
        + """
import torch.nn.functional as F

def max_pool2d(input, kernel_size, stride=None, padding=0):
    kh, kw = _two(kernel_size)
    sh, sw = _two(1 if stride is None else stride)
    ph, pw = _two(padding)
    x = F.pad(input, (pw, pw, ph, ph), value=-float("inf"))
    windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
    return windows.reshape(*windows.shape[:-2], -1).max(dim=-1).values
""",
        "stride_defaults_to_one",
    ),
    _v(
        "pads with zeros",
        _PAIR
        + """
import torch.nn.functional as F

def max_pool2d(input, kernel_size, stride=None, padding=0):
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    x = F.pad(input, (pw, pw, ph, ph))
    windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
    return windows.reshape(*windows.shape[:-2], -1).max(dim=-1).values
""",
        "zero_padding",
    ),
    _v(
        "max over channels and window in the loop",
        _PAIR
        + """
import torch

def max_pool2d(input, kernel_size, stride=None, padding=0):
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    n, c, h, w = input.shape
    x = torch.full((n, c, h + 2 * ph, w + 2 * pw), float("-inf"), dtype=input.dtype, device=input.device)
    x[:, :, ph:ph + h, pw:pw + w] = input
    oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
    out = input.new_zeros(n, c, oh, ow)
    for b in range(n):
        for ch in range(c):
            for i in range(oh):
                for j in range(ow):
                    out[b, ch, i, j] = x[b, :, i * sh:i * sh + kh, j * sw:j * sw + kw].max()
    return out
""",
        "pooled_across_channels",
    ),
    _v(
        "average pooling by mistake",
        _PAIR
        + """
import torch.nn.functional as F

def max_pool2d(input, kernel_size, stride=None, padding=0):
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    x = F.pad(input, (pw, pw, ph, ph))
    windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
    return windows.mean(dim=(-2, -1))
""",
        "average_instead_of_max",
    ),
    _v(
        "output size without the + 1",
        _PAIR
        + """
import torch

def max_pool2d(input, kernel_size, stride=None, padding=0):
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    n, c, h, w = input.shape
    x = torch.full((n, c, h + 2 * ph, w + 2 * pw), float("-inf"), dtype=input.dtype, device=input.device)
    x[:, :, ph:ph + h, pw:pw + w] = input
    oh, ow = (h + 2 * ph - kh) // sh, (w + 2 * pw - kw) // sw
    out = input.new_zeros(n, c, oh, ow)
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].amax(dim=(-2, -1))
    return out
""",
        "output_one_too_small",
    ),
]
