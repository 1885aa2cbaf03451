"""Answers a student might hand in for ``conv2d``: correct alternatives and plausible wrong ones."""

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

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    n, c, h, w = input.shape
    k, _, kh, kw = weight.shape
    x = torch.zeros(n, c, h + 2 * ph, w + 2 * pw, dtype=input.dtype, device=input.device)
    x[:, :, ph:ph + h, pw:pw + w] = input
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    rows = []
    for i in range(oh):
        row = []
        for j in range(ow):
            patch = x[:, :, i * sh: i * sh + dh * (kh - 1) + 1: dh, j * sw: j * sw + dw * (kw - 1) + 1: dw]
            row.append(torch.einsum("ncuv,kcuv->nk", patch, weight))
        rows.append(torch.stack(row, dim=-1))
    out = torch.stack(rows, dim=-2)
    if bias is not None:
        out = out + bias[None, :, None, None]
    return out
""",
    ),
    _v(
        "loop over kernel taps with strided slices",
        _PAIR
        + """
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    k, c, kh, kw = weight.shape
    x = F.pad(input, (pw, pw, ph, ph))
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    out = input.new_zeros(input.shape[0], k, oh, ow)
    for u in range(kh):
        for v in range(kw):
            tap = x[:, :, u * dh: u * dh + sh * (oh - 1) + 1: sh, v * dw: v * dw + sw * (ow - 1) + 1: sw]
            out = out + (tap[:, None] * weight[None, :, :, u, v, None, None]).sum(dim=2)
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out
""",
    ),
    _v(
        "im2col with Tensor.unfold and a matrix product",
        _PAIR
        + """
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    k, c, kh, kw = weight.shape
    x = F.pad(input, (pw, pw, ph, ph))
    win = x.unfold(2, dh * (kh - 1) + 1, sh).unfold(3, dw * (kw - 1) + 1, sw)[..., ::dh, ::dw]
    n, _, oh, ow = win.shape[:4]
    cols = win.permute(0, 2, 3, 1, 4, 5).reshape(n, oh, ow, c * kh * kw)
    out = (cols @ weight.reshape(k, -1).T).permute(0, 3, 1, 2)
    return out if bias is None else out + bias.reshape(1, k, 1, 1)
""",
    ),
    _v(
        "flips the kernels",
        _PAIR
        + """
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    weight = weight.flip(2).flip(3)
    k, c, kh, kw = weight.shape
    x = F.pad(input, (pw, pw, ph, ph))
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    out = input.new_zeros(input.shape[0], k, oh, ow)
    for u in range(kh):
        for v in range(kw):
            tap = x[:, :, u * dh: u * dh + sh * (oh - 1) + 1: sh, v * dw: v * dw + sw * (ow - 1) + 1: sw]
            out = out + (tap[:, None] * weight[None, :, :, u, v, None, None]).sum(dim=2)
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out
""",
        "flipped_kernel",
    ),
    _v(
        "forgets the bias",
        _PAIR
        + """
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    k, c, kh, kw = weight.shape
    x = F.pad(input, (pw, pw, ph, ph))
    win = x.unfold(2, dh * (kh - 1) + 1, sh).unfold(3, dw * (kw - 1) + 1, sw)[..., ::dh, ::dw]
    n, _, oh, ow = win.shape[:4]
    cols = win.permute(0, 2, 3, 1, 4, 5).reshape(n, oh, ow, c * kh * kw)
    return (cols @ weight.reshape(k, -1).T).permute(0, 3, 1, 2)
""",
        "bias_ignored",
    ),
    _v(
        "pads only top and left",
        _PAIR
        + """
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    k, c, kh, kw = weight.shape
    x = F.pad(input, (pw, 0, ph, 0))
    win = x.unfold(2, dh * (kh - 1) + 1, sh).unfold(3, dw * (kw - 1) + 1, sw)[..., ::dh, ::dw]
    n, _, oh, ow = win.shape[:4]
    cols = win.permute(0, 2, 3, 1, 4, 5).reshape(n, oh, ow, c * kh * kw)
    out = (cols @ weight.reshape(k, -1).T).permute(0, 3, 1, 2)
    return out if bias is None else out + bias.reshape(1, k, 1, 1)
""",
        "padding_on_one_side",
    ),
    _v(
        "steps by one whatever the stride",
        _PAIR
        + """
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (ph, pw), (dh, dw) = _two(padding), _two(dilation)
    k, c, kh, kw = weight.shape
    x = F.pad(input, (pw, pw, ph, ph))
    win = x.unfold(2, dh * (kh - 1) + 1, 1).unfold(3, dw * (kw - 1) + 1, 1)[..., ::dh, ::dw]
    n, _, oh, ow = win.shape[:4]
    cols = win.permute(0, 2, 3, 1, 4, 5).reshape(n, oh, ow, c * kh * kw)
    out = (cols @ weight.reshape(k, -1).T).permute(0, 3, 1, 2)
    return out if bias is None else out + bias.reshape(1, k, 1, 1)
""",
        "stride_ignored",
    ),
    _v(
        "ignores the dilation",
        _PAIR
        + """
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw) = _two(stride), _two(padding)
    k, c, kh, kw = weight.shape
    x = F.pad(input, (pw, pw, ph, ph))
    win = x.unfold(2, kh, sh).unfold(3, kw, sw)
    n, _, oh, ow = win.shape[:4]
    cols = win.permute(0, 2, 3, 1, 4, 5).reshape(n, oh, ow, c * kh * kw)
    out = (cols @ weight.reshape(k, -1).T).permute(0, 3, 1, 2)
    return out if bias is None else out + bias.reshape(1, k, 1, 1)
""",
        "dilation_ignored",
    ),
    _v(
        "weight read as (C, K, kH, kW)",
        _PAIR
        + """
import torch
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    c, k, kh, kw = weight.shape
    x = F.pad(input, (pw, pw, ph, ph))
    win = x.unfold(2, dh * (kh - 1) + 1, sh).unfold(3, dw * (kw - 1) + 1, sw)[..., ::dh, ::dw]
    out = torch.einsum("ncijuv,ckuv->nkij", win, weight)
    return out if bias is None else out + bias.reshape(1, -1, 1, 1)
""",
        "weight_axes_swapped",
    ),
    _v(
        "bias inside the channel loop",
        """
import torch
import torch.nn.functional as F

def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1):
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else dilation
    n, c, h, w = input.shape
    k, _, kh, kw = weight.shape
    x = F.pad(input, (pw, pw, ph, ph))
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    out = torch.zeros(n, k, oh, ow, dtype=input.dtype, device=input.device)
    for ch in range(c):
        for u in range(kh):
            for v in range(kw):
                tap = x[:, ch, u * dh: u * dh + sh * (oh - 1) + 1: sh, v * dw: v * dw + sw * (ow - 1) + 1: sw]
                out += tap[:, None] * weight[None, :, ch, u, v, None, None]
        if bias is not None:
            out += bias[None, :, None, None]
    return out
""",
        "bias_added_per_input_channel",
    ),
]
