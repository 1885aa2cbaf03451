"""Answers to ``rnn_forward``."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loop with preallocated output",
        """
import torch
def rnn_forward(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    n, t_len, _ = input.shape
    h = input.new_zeros(n, w_hh.shape[0]) if hx is None else hx
    out = input.new_zeros(n, t_len, w_hh.shape[0])
    for t in range(t_len):
        a = input[:, t] @ w_ih.T + h @ w_hh.T
        if b_ih is not None:
            a = a + b_ih
        if b_hh is not None:
            a = a + b_hh
        h = torch.tanh(a)
        out = torch.cat([out[:, :t], h.unsqueeze(1), out[:, t + 1:]], dim=1)
    return out, h
""",
    ),
    _v(
        "input projection for all steps at once",
        """
import torch
def rnn_forward(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    projected = input @ w_ih.T
    if b_ih is not None:
        projected = projected + b_ih
    h = torch.zeros_like(projected[:, 0]) if hx is None else hx
    states = []
    for x_t in projected.unbind(1):
        pre = x_t + h @ w_hh.T
        h = torch.tanh(pre if b_hh is None else pre + b_hh)
        states.append(h)
    return torch.stack(states, 1), states[-1]
""",
    ),
    _v(
        "stack along the default dim",
        """
import torch
def rnn_forward(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    h = hx
    states = []
    for t in range(input.shape[1]):
        a = input[:, t] @ w_ih.T + h @ w_hh.T
        if b_ih is not None:
            a = a + b_ih + b_hh
        h = torch.tanh(a)
        states.append(h)
    return torch.stack(states), h
""",
        "outputs_stacked_time_first",
    ),
    _v(
        "hx every step",
        """
import torch
def rnn_forward(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    states = []
    for t in range(input.shape[1]):
        a = input[:, t] @ w_ih.T + hx @ w_hh.T
        if b_ih is not None:
            a = a + b_ih + b_hh
        states.append(torch.tanh(a))
    return torch.stack(states, dim=1), states[-1]
""",
        "state_not_carried",
    ),
    _v(
        "append before the update",
        """
import torch
def rnn_forward(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    h = hx
    states = []
    for t in range(input.shape[1]):
        states.append(h)
        a = input[:, t] @ w_ih.T + h @ w_hh.T
        if b_ih is not None:
            a = a + b_ih + b_hh
        h = torch.tanh(a)
    return torch.stack(states, dim=1), h
""",
        "states_stored_before_update",
    ),
    _v(
        "always from zeros",
        """
import torch
def rnn_forward(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    h = torch.zeros(input.shape[0], w_hh.shape[0], dtype=input.dtype, device=input.device)
    states = []
    for t in range(input.shape[1]):
        a = input[:, t] @ w_ih.T + h @ w_hh.T
        if b_ih is not None:
            a = a + b_ih + b_hh
        h = torch.tanh(a)
        states.append(h)
    return torch.stack(states, dim=1), h
""",
        "hx_ignored",
    ),
    _v(
        "h_n from the first slot",
        """
import torch
def rnn_forward(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    h = hx
    states = []
    for t in range(input.shape[1]):
        a = input[:, t] @ w_ih.T + h @ w_hh.T
        if b_ih is not None:
            a = a + b_ih + b_hh
        h = torch.tanh(a)
        states.append(h)
    out = torch.stack(states, dim=1)
    return out, out[:, 0]
""",
        "h_n_is_the_first_state",
    ),
]
