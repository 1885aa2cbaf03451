"""Answers a student might hand in for ``unfold``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loops over positions, flattening each window",
        """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = _two(kernel_size), _two(dilation), _two(padding), _two(stride)
    x = F.pad(input, (pw, pw, ph, ph))
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    columns = []
    for i in range(oh):
        for j in range(ow):
            window = x[:, :, i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw]
            columns.append(window.reshape(x.shape[0], -1))
    return torch.stack(columns, dim=-1)
""",
    ),
    _v(
        "stack the kernel taps",
        """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = _two(kernel_size), _two(dilation), _two(padding), _two(stride)
    x = F.pad(input, (pw, pw, ph, ph))
    n, c = x.shape[:2]
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    taps = [x[:, :, u * dh:u * dh + sh * (oh - 1) + 1:sh, v * dw:v * dw + sw * (ow - 1) + 1:sw]
            for u in range(kh) for v in range(kw)]
    cols = torch.stack(taps, dim=2)  # (n, c, kh*kw, oh, ow)
    return cols.reshape(n, c * kh * kw, oh * ow)
""",
    ),
    _v(
        "conv2d's argument order",
        """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def unfold(input, kernel_size, stride=1, padding=0, dilation=1):
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = _two(kernel_size), _two(dilation), _two(padding), _two(stride)
    x = F.pad(input, (pw, pw, ph, ph))
    n, c = x.shape[:2]
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    taps = [x[:, :, u * dh:u * dh + sh * (oh - 1) + 1:sh, v * dw:v * dw + sw * (ow - 1) + 1:sw]
            for u in range(kh) for v in range(kw)]
    return torch.stack(taps, dim=2).reshape(n, c * kh * kw, oh * ow)
""",
        "arguments_in_conv2d_order",
    ),
    _v(
        "one row per window",
        """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = _two(kernel_size), _two(dilation), _two(padding), _two(stride)
    x = F.pad(input, (pw, pw, ph, ph))
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    rows = []
    for i in range(oh):
        for j in range(ow):
            rows.append(x[:, :, i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw].reshape(x.shape[0], -1))
    return torch.stack(rows, dim=1)
""",
        "transposed_output",
    ),
    _v(
        "taps before channels",
        """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = _two(kernel_size), _two(dilation), _two(padding), _two(stride)
    x = F.pad(input, (pw, pw, ph, ph))
    n, c = x.shape[:2]
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    taps = [x[:, :, u * dh:u * dh + sh * (oh - 1) + 1:sh, v * dw:v * dw + sw * (ow - 1) + 1:sw]
            for u in range(kh) for v in range(kw)]
    return torch.cat(taps, dim=1).reshape(n, kh * kw * c, oh * ow)
""",
        "rows_kernel_major",
    ),
    _v(
        "positions column by column",
        """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = _two(kernel_size), _two(dilation), _two(padding), _two(stride)
    x = F.pad(input, (pw, pw, ph, ph))
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    columns = []
    for j in range(ow):
        for i in range(oh):
            window = x[:, :, i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw]
            columns.append(window.reshape(x.shape[0], -1))
    return torch.stack(columns, dim=-1)
""",
        "positions_column_major",
    ),
    _v(
        "no padding",
        """
import torch

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    (kh, kw), (dh, dw), (sh, sw) = _two(kernel_size), _two(dilation), _two(stride)
    x = input
    n, c = x.shape[:2]
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    taps = [x[:, :, u * dh:u * dh + sh * (oh - 1) + 1:sh, v * dw:v * dw + sw * (ow - 1) + 1:sw]
            for u in range(kh) for v in range(kw)]
    return torch.stack(taps, dim=2).reshape(n, c * kh * kw, oh * ow)
""",
        "padding_ignored",
    ),
    _v(
        "adjacent taps",
        """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    (kh, kw), (ph, pw), (sh, sw) = _two(kernel_size), _two(padding), _two(stride)
    x = F.pad(input, (pw, pw, ph, ph))
    n, c = x.shape[:2]
    oh = (x.shape[2] - kh) // sh + 1
    ow = (x.shape[3] - kw) // sw + 1
    taps = [x[:, :, u:u + sh * (oh - 1) + 1:sh, v:v + sw * (ow - 1) + 1:sw] for u in range(kh) for v in range(kw)]
    return torch.stack(taps, dim=2).reshape(n, c * kh * kw, oh * ow)
""",
        "dilation_ignored",
    ),
    _v(
        "taps gathered column by column",
        """
import torch
import torch.nn.functional as F

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else dilation
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    x = F.pad(input, (pw, pw, ph, ph))
    n, c = x.shape[:2]
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    taps = []
    for v in range(kw):
        for u in range(kh):
            taps.append(x[:, :, u * dh:u * dh + sh * (oh - 1) + 1:sh, v * dw:v * dw + sw * (ow - 1) + 1:sw])
    return torch.stack(taps, dim=2).reshape(n, c * kh * kw, oh * ow)
""",
        "taps_column_major",
    ),
]
