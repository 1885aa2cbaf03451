"""Answers to ``lstm_cell``."""

from variants import variant as _v

_BODY = """
import torch
def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    h, c = hx
    gates = input @ w_ih.T + h @ w_hh.T
    if b_ih is not None:
        gates = gates + b_ih + b_hh
    {split}
    {update}
    return {result}
"""


def _lstm(
    split="i, f, g, o = gates.chunk(4, dim=1)",
    update="c2 = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g); h2 = torch.sigmoid(o) * torch.tanh(c2)",
    result="h2, c2",
):
    return _BODY.format(split=split, update=update, result=result)


VARIANTS = [
    _v(
        "a slice per gate, one weight matrix per gate",
        """
import torch
def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    m = w_hh.shape[1]
    if hx is None:
        hx = (input.new_zeros(input.shape[0], m), input.new_zeros(input.shape[0], m))
    h, c = hx
    acts = []
    for k in range(4):
        a = input @ w_ih[k * m:(k + 1) * m].T + h @ w_hh[k * m:(k + 1) * m].T
        if b_ih is not None:
            a = a + b_ih[k * m:(k + 1) * m] + b_hh[k * m:(k + 1) * m]
        acts.append(torch.tanh(a) if k == 2 else torch.sigmoid(a))
    i, f, g, o = acts
    c_new = f * c + i * g
    return o * torch.tanh(c_new), c_new
""",
    ),
    _v(
        "one fused product on [x, h]",
        """
import torch
def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    n, m = input.shape[0], w_hh.shape[1]
    h, c = hx if hx is not None else (torch.zeros(n, m, dtype=input.dtype, device=input.device),) * 2
    z = torch.cat([input, h], 1) @ torch.cat([w_ih, w_hh], 1).T
    if b_ih is not None:
        z = z + (b_ih + b_hh)
    s = torch.sigmoid(z)
    i, f, o = s[:, :m], s[:, m:2 * m], s[:, 3 * m:]
    g = torch.tanh(z[:, 2 * m:3 * m])
    c = f * c + i * g
    return o * torch.tanh(c), c
""",
    ),
    _v("i f o g order", _lstm(split="i, f, o, g = gates.chunk(4, dim=1)"), "gate_order_i_f_o_g"),
    _v("TensorFlow order", _lstm(split="i, g, f, o = gates.chunk(4, dim=1)"), "gate_order_i_g_f_o"),
    _v(
        "forget keeps 1 - f",
        _lstm(
            update="c2 = (1 - torch.sigmoid(f)) * c + torch.sigmoid(i) * torch.tanh(g); h2 = torch.sigmoid(o) * torch.tanh(c2)"
        ),
        "forget_gate_as_one_minus_f",
    ),
    _v(
        "h without tanh",
        _lstm(update="c2 = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g); h2 = torch.sigmoid(o) * c2"),
        "no_tanh_on_cell_state",
    ),
    _v(
        "h from the old cell",
        _lstm(
            update="c2 = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g); h2 = torch.sigmoid(o) * torch.tanh(c)"
        ),
        "previous_cell_state_in_output",
    ),
    _v(
        "all four gates sigmoids",
        _lstm(
            update="i, f, g, o = [torch.sigmoid(a) for a in (i, f, g, o)]; c2 = f * c + i * g; h2 = o * torch.tanh(c2)"
        ),
        "sigmoid_on_candidate",
    ),
    _v("returns (c, h)", _lstm(result="c2, h2"), "returned_c_then_h"),
]
