"""Answers to ``rnn_cell``."""

from variants import variant as _v

VARIANTS = [
    _v(
        "concatenated weights",
        """
import torch
def rnn_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    if hx is None:
        hx = input.new_zeros(input.shape[0], w_hh.shape[0])
    w = torch.cat([w_ih, w_hh], dim=1)
    z = torch.cat([input, hx], dim=1) @ w.T
    if b_ih is not None:
        z = z + b_ih + b_hh
    return torch.tanh(z)
""",
    ),
    _v(
        "einsum and tanh from exponentials",
        """
import torch
def rnn_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    h = torch.zeros(input.shape[0], w_hh.shape[1], dtype=input.dtype, device=input.device) if hx is None else hx
    a = torch.einsum("nd,md->nm", input, w_ih) + torch.einsum("nk,mk->nm", h, w_hh)
    if b_ih is not None:
        a = a + b_ih
    if b_hh is not None:
        a = a + b_hh
    return 1 - 2 / (torch.exp(2 * a) + 1)
""",
    ),
    _v(
        "w_hh used as stored",
        """
import torch
def rnn_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    a = input @ w_ih.T + hx @ w_hh
    if b_ih is not None:
        a = a + b_ih + b_hh
    return torch.tanh(a)
""",
        "w_hh_not_transposed",
    ),
    _v(
        "one bias only",
        """
import torch
def rnn_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    a = input @ w_ih.T + hx @ w_hh.T
    if b_ih is not None:
        a = a + b_ih
    return torch.tanh(a)
""",
        "hidden_bias_missing",
    ),
    _v(
        "forgot the recurrence",
        """
import torch
def rnn_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    a = input @ w_ih.T
    if b_ih is not None:
        a = a + b_ih + b_hh
    return torch.tanh(a)
""",
        "previous_state_ignored",
    ),
    _v(
        "linear recurrence",
        """
def rnn_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    out = input @ w_ih.T + hx @ w_hh.T
    if b_ih is not None:
        out = out + b_ih + b_hh
    return out
""",
        "no_tanh",
    ),
    _v(
        "sigmoid cell",
        """
import torch
def rnn_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    a = input @ w_ih.T + hx @ w_hh.T
    if b_ih is not None:
        a = a + b_ih + b_hh
    return torch.sigmoid(a)
""",
        "sigmoid_instead_of_tanh",
    ),
]
