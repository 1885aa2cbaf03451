"""Answers a student might hand in for ``conv2d_backward``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

# Most answers below share one skeleton (pad, loop over the kernel taps, crop) and differ in one line,
# as students' answers do; the first two correct ones are written differently.
_TAPS = """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def conv2d_backward(grad_output, input, weight, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    n, c, h, w = input.shape
    k, _, kh, kw = weight.shape
    oh, ow = grad_output.shape[2:]
    x = F.pad(input, (pw, pw, ph, ph))
    gx = torch.zeros_like(x)
    gw = torch.zeros_like(weight)
    for u in range(kh):
        for v in range(kw):
            rows = slice(u * dh, u * dh + sh * (oh - 1) + 1, sh)
            cols = slice(v * dw, v * dw + sw * (ow - 1) + 1, sw)
            gw[:, :, u, v] = torch.einsum("nkij,ncij->kc", grad_output, x[:, :, rows, cols]){GW}
            gx[:, :, rows, cols] += torch.einsum("nkij,kc->ncij", grad_output, weight{W}[:, :, u, v])
    gi = gx{CROP}
    gb = grad_output{GB}
    return gi, gw{GW_AFTER}, gb
"""


def _taps(gw="", w="", crop="[:, :, ph:ph + h, pw:pw + w]", gb=".sum(dim=(0, 2, 3))", gw_after=""):
    return (
        _TAPS.replace("{GW}", gw)
        .replace("{W}", w)
        .replace("{CROP}", crop)
        .replace("{GB}", gb)
        .replace("{GW_AFTER}", gw_after)
    )


VARIANTS = [
    _v(
        "loops over every output position",
        """
import torch

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def conv2d_backward(grad_output, input, weight, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    n, c, h, w = input.shape
    k, _, kh, kw = weight.shape
    oh, ow = grad_output.shape[2:]
    x = input.new_zeros(n, c, h + 2 * ph, w + 2 * pw)
    x[:, :, ph:ph + h, pw:pw + w] = input
    gx = torch.zeros_like(x)
    gw = torch.zeros_like(weight)
    for i in range(oh):
        for j in range(ow):
            r = slice(i * sh, i * sh + dh * (kh - 1) + 1, dh)
            q = slice(j * sw, j * sw + dw * (kw - 1) + 1, dw)
            g = grad_output[:, :, i, j]
            gw += torch.einsum("nk,ncuv->kcuv", g, x[:, :, r, q])
            gx[:, :, r, q] += torch.einsum("nk,kcuv->ncuv", g, weight)
    return gx[:, :, ph:ph + h, pw:pw + w], gw, grad_output.sum(dim=(0, 2, 3))
""",
    ),
    _v(
        "im2col: unfold, matrix products, scatter back with index_add",
        """
import torch
import torch.nn.functional as F

def _two(v):
    return (v, v) if isinstance(v, int) else tuple(v)

def conv2d_backward(grad_output, input, weight, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _two(stride), _two(padding), _two(dilation)
    n, c, h, w = input.shape
    k, _, kh, kw = weight.shape
    oh, ow = grad_output.shape[2:]
    x = F.pad(input, (pw, pw, ph, ph))
    hp, wp = x.shape[2:]
    # flat index into the padded image of every (tap, position)
    rows = (torch.arange(kh, device=x.device) * dh)[:, None] + (torch.arange(oh, device=x.device) * sh)[None, :]
    cols = (torch.arange(kw, device=x.device) * dw)[:, None] + (torch.arange(ow, device=x.device) * sw)[None, :]
    index = (rows[:, None, :, None] * wp + cols[None, :, None, :]).reshape(-1)  # (kh*kw*oh*ow,)
    flat = x.reshape(n, c, hp * wp)
    patches = flat[:, :, index].reshape(n, c * kh * kw, oh * ow)
    g = grad_output.reshape(n, k, oh * ow)
    gw = torch.einsum("nkl,ndl->kd", g, patches).reshape(weight.shape)
    gcols = torch.einsum("kd,nkl->ndl", weight.reshape(k, -1), g).reshape(n, c, -1)
    gflat = torch.zeros_like(flat).index_add_(2, index, gcols)
    gx = gflat.reshape(n, c, hp, wp)[:, :, ph:ph + h, pw:pw + w]
    return gx, gw, g.sum(dim=(0, 2))
""",
    ),
    _v("loop over kernel taps", _taps()),
    _v("input gradient with the flipped kernel", _taps(w=".flip(-1, -2)"), "input_gradient_kernel_not_flipped"),
    _v("bias gradient per image", _taps(gb=".sum(dim=(2, 3))"), "bias_gradient_not_summed_over_batch"),
    _v("bias gradient as a mean", _taps(gb=".mean(dim=(0, 2, 3))"), "bias_gradient_averaged"),
    _v("weight gradient divided by the batch size", _taps(gw_after=" / n"), "weight_gradient_averaged_over_batch"),
    _v(
        "weight gradient of image 0 only",
        _taps(gw=" if False else torch.einsum('kij,cij->kc', grad_output[0], x[0, :, rows, cols])"),
        "weight_gradient_from_first_image_only",
    ),
    _v("grad_input not cropped", _taps(crop=""), "padded_input_gradient"),
    _v("weight gradient indexed from the far end", _taps(gw_after=".flip(2, 3)"), "weight_gradient_flipped"),
]
