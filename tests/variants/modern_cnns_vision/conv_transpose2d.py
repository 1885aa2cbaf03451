"""Answers a student might hand in for ``conv_transpose2d``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

_PAIR = """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)
"""

_SCATTER = """
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0):
    sh, sw = _two(stride)
    ph, pw = _two(padding)
    oph, opw = _two(output_padding)
    n, c, h, w = input.shape
    k, kh, kw = weight.shape[1:]
    fh, fw = (h - 1) * sh + kh + oph, (w - 1) * sw + kw + opw
    full = input.new_zeros(n, k, fh, fw)
    for i in range(h):
        for j in range(w):
            patch = torch.einsum("nc,ckuv->nkuv", input[:, :, i, j], weight)
            full[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw] += patch
    CROP
    if bias is not None:
        out = out + bias[None, :, None, None]
    return out
"""

_GOOD_CROP = "out = full[:, :, ph:fh - ph, pw:fw - pw]"


def _scatter(crop=_GOOD_CROP, prefix=""):
    return _PAIR + prefix + _SCATTER.replace("CROP", crop)


VARIANTS = [
    _v("a loop over input pixels, each scattering the kernel", _scatter()),
    _v(
        "zero insertion, padding k - 1 - p, correlation with the flipped kernel",
        _PAIR
        + """
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0):
    sh, sw = _two(stride)
    ph, pw = _two(padding)
    oph, opw = _two(output_padding)
    n, c, h, w = input.shape
    k, kh, kw = weight.shape[1:]
    spread = input.new_zeros(n, c, (h - 1) * sh + 1, (w - 1) * sw + 1)
    spread[:, :, ::sh, ::sw] = input
    x = F.pad(spread, (kw - 1, kw - 1 + opw, kh - 1, kh - 1 + oph))
    kernel = weight.flip(-1, -2)
    oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
    out = input.new_zeros(n, k, oh, ow)
    for u in range(kh):
        for v in range(kw):
            out += torch.einsum("nchw,ck->nkhw", x[:, :, u:u + oh, v:v + ow], kernel[:, :, u, v])
    out = out[:, :, ph:oh - ph, pw:ow - pw]
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out
""",
    ),
    _v(
        "zero insertion without flipping the kernel",
        _PAIR
        + """
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0):
    sh, sw = _two(stride)
    ph, pw = _two(padding)
    oph, opw = _two(output_padding)
    n, c, h, w = input.shape
    k, kh, kw = weight.shape[1:]
    spread = input.new_zeros(n, c, (h - 1) * sh + 1, (w - 1) * sw + 1)
    spread[:, :, ::sh, ::sw] = input
    x = F.pad(spread, (kw - 1, kw - 1 + opw, kh - 1, kh - 1 + oph))
    oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
    out = input.new_zeros(n, k, oh, ow)
    for u in range(kh):
        for v in range(kw):
            out += torch.einsum("nchw,ck->nkhw", x[:, :, u:u + oh, v:v + ow], weight[:, :, u, v])
    out = out[:, :, ph:oh - ph, pw:ow - pw]
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out
""",
        "kernel_flipped",
    ),
    _v("forgets to crop the padding", _scatter("out = full"), "padding_ignored"),
    _v("pads the output like a convolution", _scatter("out = F.pad(full, (pw, pw, ph, ph))"), "padding_added"),
    _v("crops the padding at the top left only", _scatter("out = full[:, :, ph:, pw:]"), "padding_removed_once"),
    _v(
        "ignores output_padding",
        _scatter("out = full[:, :, ph:fh - oph - ph, pw:fw - opw - pw]"),
        "output_padding_ignored",
    ),
    _v(
        "zeros after every pixel, the last one too",
        _PAIR
        + """
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0):
    sh, sw = _two(stride)
    ph, pw = _two(padding)
    oph, opw = _two(output_padding)
    n, c, h, w = input.shape
    k, kh, kw = weight.shape[1:]
    spread = input.new_zeros(n, c, h * sh, w * sw)
    spread[:, :, ::sh, ::sw] = input
    x = F.pad(spread, (kw - 1, kw - 1 + opw, kh - 1, kh - 1 + oph))
    kernel = weight.flip(-1, -2)
    oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
    out = input.new_zeros(n, k, oh, ow)
    for u in range(kh):
        for v in range(kw):
            out += torch.einsum("nchw,ck->nkhw", x[:, :, u:u + oh, v:v + ow], kernel[:, :, u, v])
    out = out[:, :, ph:oh - ph, pw:ow - pw]
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out
""",
        "zeros_after_the_last_pixel",
    ),
    _v(
        "forgets the bias",
        _scatter().replace("    if bias is not None:\n        out = out + bias[None, :, None, None]\n", ""),
        "bias_ignored",
    ),
]
