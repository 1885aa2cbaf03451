"""Answers to ``gru_cell``."""

from variants import variant as _v

_BODY = """
import torch
def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    gi = input @ w_ih.T
    gh = hx @ w_hh.T
    if b_ih is not None:
        gi = gi + b_ih
        gh = gh + b_hh
    {split}
    r = torch.sigmoid(i_r + h_r)
    z = torch.sigmoid(i_z + h_z)
    {candidate}
    return {result}
"""


def _gru(
    split="i_r, i_z, i_n = gi.chunk(3, 1); h_r, h_z, h_n = gh.chunk(3, 1)",
    candidate="n = torch.tanh(i_n + r * h_n)",
    result="(1 - z) * n + z * hx",
):
    return _BODY.format(split=split, candidate=candidate, result=result)


VARIANTS = [
    _v(
        "per-gate weight slices",
        """
import torch
def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    m = w_hh.shape[1]
    h = input.new_zeros(input.shape[0], m) if hx is None else hx
    W_ir, W_iz, W_in = w_ih[:m], w_ih[m:2 * m], w_ih[2 * m:]
    W_hr, W_hz, W_hn = w_hh[:m], w_hh[m:2 * m], w_hh[2 * m:]
    if b_ih is None:
        b_ih = torch.zeros(3 * m, dtype=input.dtype, device=input.device)
        b_hh = torch.zeros_like(b_ih)
    r = torch.sigmoid(input @ W_ir.T + b_ih[:m] + h @ W_hr.T + b_hh[:m])
    z = torch.sigmoid(input @ W_iz.T + b_ih[m:2 * m] + h @ W_hz.T + b_hh[m:2 * m])
    n = torch.tanh(input @ W_in.T + b_ih[2 * m:] + r * (h @ W_hn.T + b_hh[2 * m:]))
    return n + z * (h - n)
""",
    ),
    _v(
        "fused r and z",
        """
import torch
def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    m = w_hh.shape[1]
    h = torch.zeros_like(input[:, :1].expand(-1, m)) if hx is None else hx
    gi = torch.nn.functional.linear(input, w_ih, b_ih)
    gh = torch.nn.functional.linear(h, w_hh, b_hh)
    rz = torch.sigmoid(gi[:, :2 * m] + gh[:, :2 * m])
    r, z = rz[:, :m], rz[:, m:]
    n = torch.tanh(gi[:, 2 * m:] + r * gh[:, 2 * m:])
    return torch.lerp(n, h, z)
""",
    ),
    _v(
        "Cho et al. candidate",
        """
import torch
def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    m = w_hh.shape[1]
    gi = input @ w_ih.T + (0 if b_ih is None else b_ih)
    r = torch.sigmoid(gi[:, :m] + hx @ w_hh[:m].T + (0 if b_hh is None else b_hh[:m]))
    z = torch.sigmoid(gi[:, m:2 * m] + hx @ w_hh[m:2 * m].T + (0 if b_hh is None else b_hh[m:2 * m]))
    n = torch.tanh(gi[:, 2 * m:] + (r * hx) @ w_hh[2 * m:].T + (0 if b_hh is None else b_hh[2 * m:]))
    return (1 - z) * n + z * hx
""",
        "reset_gate_before_the_product",
    ),
    _v(
        "b_hn added after the reset",
        _gru(
            split="i_r, i_z, i_n = gi.chunk(3, 1); h_r, h_z, h_n = gh.chunk(3, 1); b_hn = 0 if b_hh is None else b_hh.chunk(3)[2]",
            candidate="n = torch.tanh(i_n + r * (h_n - b_hn) + b_hn)",
        ),
        "hidden_bias_outside_the_reset",
    ),
    _v("z weights the candidate", _gru(result="z * n + (1 - z) * hx"), "update_gate_roles_swapped"),
    _v("z r n order", _gru(split="i_z, i_r, i_n = gi.chunk(3, 1); h_z, h_r, h_n = gh.chunk(3, 1)"), "gate_order_z_r_n"),
    _v("no reset in the candidate", _gru(candidate="n = torch.tanh(i_n + h_n)"), "reset_gate_left_out"),
]
