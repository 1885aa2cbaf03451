"""Answers a student might hand in for ``max_unpool2d``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

_HEAD = """
import torch

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def _size(input, kernel_size, stride, padding, output_size):
    if output_size is not None:
        return tuple(output_size)[-2:]
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    h, w = input.shape[-2:]
    return (h - 1) * sh - 2 * ph + kh, (w - 1) * sw - 2 * pw + kw
"""

VARIANTS = [
    _v(
        "scatter into flattened planes",
        _HEAD
        + """
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    n, c = input.shape[:2]
    oh, ow = _size(input, kernel_size, stride, padding, output_size)
    out = input.new_zeros(n, c, oh * ow)
    out.scatter_(2, indices.flatten(2), input.flatten(2))
    return out.view(n, c, oh, ow)
""",
    ),
    _v(
        "a loop decoding row and column",
        _HEAD
        + """
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    n, c, h, w = input.shape
    oh, ow = _size(input, kernel_size, stride, padding, output_size)
    out = torch.zeros(n, c, oh, ow, dtype=input.dtype, device=input.device)
    rows, cols = indices // ow, indices % ow
    for a in range(n):
        for b in range(c):
            out[a, b, rows[a, b].flatten(), cols[a, b].flatten()] = input[a, b].flatten()
    return out
""",
    ),
    _v(
        "default size ignores the padding",
        _HEAD.replace("- 2 * ph + kh, (w - 1) * sw - 2 * pw + kw", "+ kh, (w - 1) * sw + kw")
        + """
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    n, c = input.shape[:2]
    oh, ow = _size(input, kernel_size, stride, padding, output_size)
    out = input.new_zeros(n, c, oh * ow)
    out.scatter_(2, indices.flatten(2), input.flatten(2))
    return out.view(n, c, oh, ow)
""",
        "padding_ignored",
    ),
    _v(
        "default size adds the padding",
        _HEAD.replace("- 2 * ph + kh, (w - 1) * sw - 2 * pw + kw", "+ 2 * ph + kh, (w - 1) * sw + 2 * pw + kw")
        + """
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    n, c = input.shape[:2]
    oh, ow = _size(input, kernel_size, stride, padding, output_size)
    out = input.new_zeros(n, c, oh * ow)
    out.scatter_(2, indices.flatten(2), input.flatten(2))
    return out.view(n, c, oh, ow)
""",
        "padding_added",
    ),
    _v(
        "puts values at the window corners",
        _HEAD
        + """
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    n, c, h, w = input.shape
    oh, ow = _size(input, kernel_size, stride, padding, output_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    out = input.new_zeros(n, c, oh, ow)
    for i in range(h):
        for j in range(w):
            out[:, :, max(i * sh - ph, 0), max(j * sw - pw, 0)] = input[:, :, i, j]
    return out
""",
        "values_at_window_start",
    ),
    _v(
        "repeats each value over its window",
        _HEAD
        + """
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    n, c, h, w = input.shape
    oh, ow = _size(input, kernel_size, stride, padding, output_size)
    kh, kw = _two(kernel_size)
    sh, sw = _two(kernel_size if stride is None else stride)
    ph, pw = _two(padding)
    out = input.new_zeros(n, c, oh, ow)
    for i in range(h):
        for j in range(w):
            r0, c0 = max(i * sh - ph, 0), max(j * sw - pw, 0)
            out[:, :, r0:max(i * sh - ph + kh, 0), c0:max(j * sw - pw + kw, 0)] = input[:, :, i, j, None, None]
    return out
""",
        "window_filled",
    ),
]
