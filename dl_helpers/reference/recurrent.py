"""Recurrent cells and layers: the Elman RNN, the LSTM and the GRU, with PyTorch's weight layout and gate order.

Sequences are batch-first, ``(N, T, D)``: N sequences, T time steps, D input features; the
hidden state has M units. Every cell keeps PyTorch's parameters, so a ``torch.nn`` module's
weights can be copied in and the outputs compared:

    w_ih: (G * M, D)   the input-to-hidden weights, the G gate blocks stacked along dim 0
    w_hh: (G * M, M)   the hidden-to-hidden weights, same stacking
    b_ih, b_hh: (G * M,)  two biases (PyTorch keeps both; only their sum matters, except in the GRU)

with G = 1 (RNN), 4 (LSTM, blocks in the order i, f, g, o) or 3 (GRU, blocks r, z, n).

    RNN   h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)

    LSTM  i = sigma(.), f = sigma(.), g = tanh(.), o = sigma(.)   of the four blocks of x W_ih^T + b_ih + h W_hh^T + b_hh
          c' = f * c + i * g
          h' = o * tanh(c')

    GRU   r = sigma(x W_ir^T + b_ir + h W_hr^T + b_hr)
          z = sigma(x W_iz^T + b_iz + h W_hz^T + b_hz)
          n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))     the reset gate scales the projected state
          h' = (1 - z) * n + z * h                               z near 1 keeps the old state

The original GRU (Cho et al., 2014) applies the reset gate before the product,
``tanh(x W_in^T + (r * h) W_hn^T)``, and some texts swap the roles of z and 1 - z; both
train as well, but only the form above matches ``torch.nn.GRUCell``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import Tensor

State = Tensor | tuple[Tensor, Tensor]


def _check_cell(name: str, input: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, gates: int) -> None:
    if input.dim() != 2:
        raise ValueError(f"{name}: input must be (N, D), got shape {tuple(input.shape)}")
    n, d = input.shape
    m = w_hh.shape[1] if w_hh.dim() == 2 else -1
    if w_ih.shape != (gates * m, d) or w_hh.shape != (gates * m, m):
        raise ValueError(
            f"{name}: expected w_ih of shape ({gates}*M, D) = ({gates * m}, {d}) and w_hh of shape ({gates}*M, M); "
            f"got {tuple(w_ih.shape)} and {tuple(w_hh.shape)}"
        )
    if h.shape != (n, m):
        raise ValueError(f"{name}: hidden state must be (N, M) = ({n}, {m}), got {tuple(h.shape)}")


def _gates(input: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | None, b_hh: Tensor | None):
    """The two projections x W_ih^T + b_ih and h W_hh^T + b_hh, each (N, G*M)."""
    gi = input @ w_ih.T  # (N, G*M)
    gh = h @ w_hh.T  # (N, G*M)
    if b_ih is not None:
        gi = gi + b_ih
    if b_hh is not None:
        gh = gh + b_hh
    return gi, gh


def _zeros_state(input: Tensor, w_hh: Tensor) -> Tensor:
    return input.new_zeros(input.shape[0], w_hh.shape[1])


def rnn_cell(
    input: Tensor, hx: Tensor | None, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | None = None, b_hh: Tensor | None = None
) -> Tensor:
    """One step of the Elman RNN, as ``torch.nn.RNNCell`` (tanh): ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    Args:
        input: (N, D) the inputs at this time step.
        hx: (N, M) the previous hidden state, or None for zeros.
        w_ih: (M, D); w_hh: (M, M); b_ih, b_hh: (M,) or None.

    Returns:
        (N, M) the new hidden state.

    Example:
        >>> x, h = torch.ones(1, 2), torch.zeros(1, 1)
        >>> rnn_cell(x, h, torch.tensor([[0.5, 0.5]]), torch.tensor([[1.0]]))
        tensor([[0.7616]])
    """
    h = _zeros_state(input, w_hh) if hx is None else hx
    _check_cell("rnn_cell", input, h, w_ih, w_hh, 1)
    gi, gh = _gates(input, h, w_ih, w_hh, b_ih, b_hh)  # (N, M) each
    return torch.tanh(gi + gh)


def rnn_forward(
    input: Tensor, hx: Tensor | None, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | None = None, b_hh: Tensor | None = None
) -> tuple[Tensor, Tensor]:
    """Unroll :func:`rnn_cell` over a batch-first sequence, as a one-layer ``torch.nn.RNN(batch_first=True)``.

    ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` for t = 1..T, from h_0 = ``hx``.

    Args:
        input: (N, T, D) the sequence, batch first.
        hx: (N, M) the initial state h_0, or None for zeros. (``torch.nn.RNN`` takes it as
            (1, N, M); here the layer dimension is left out.)
        w_ih: (M, D); w_hh: (M, M); b_ih, b_hh: (M,) or None.

    Returns:
        (output, h_n): output (N, T, M) holds h_1 .. h_T (not h_0); h_n (N, M) is h_T.

    Example:
        >>> out, h_n = rnn_forward(torch.ones(1, 3, 1), None, torch.tensor([[1.0]]), torch.tensor([[1.0]]))
        >>> out.squeeze(), torch.equal(h_n, out[:, -1])
        (tensor([0.7616, 0.9427, 0.9597]), True)
    """
    if input.dim() != 3:
        raise ValueError(f"rnn_forward: input must be batch-first (N, T, D), got shape {tuple(input.shape)}")
    h = input.new_zeros(input.shape[0], w_hh.shape[1]) if hx is None else hx  # (N, M)
    outputs = []
    for t in range(input.shape[1]):
        h = rnn_cell(input[:, t], h, w_ih, w_hh, b_ih, b_hh)  # (N, M)
        outputs.append(h)
    if not outputs:
        raise ValueError("rnn_forward: the sequence has no time steps (T = 0)")
    return torch.stack(outputs, dim=1), h  # (N, T, M), (N, M)


def lstm_cell(
    input: Tensor,
    hx: tuple[Tensor, Tensor] | None,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None = None,
    b_hh: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    """One LSTM step, as ``torch.nn.LSTMCell``: gates in PyTorch's order i, f, g, o.

    ::

        i, f, g, o = chunks of x W_ih^T + b_ih + h W_hh^T + b_hh     (each (N, M))
        c' = sigma(f) * c + sigma(i) * tanh(g)
        h' = sigma(o) * tanh(c')

    Args:
        input: (N, D).
        hx: (h, c), each (N, M), or None for zeros.
        w_ih: (4M, D); w_hh: (4M, M); b_ih, b_hh: (4M,) or None.

    Returns:
        (h', c'), each (N, M).

    Example:
        >>> h, c = lstm_cell(torch.zeros(1, 1), None, torch.zeros(4, 1), torch.zeros(4, 1), torch.tensor([0., 0., 1., 0.]))
        >>> round(c.item(), 4), round(h.item(), 4)   # c' = 0.5 * tanh(1), h' = 0.5 * tanh(c')
        (0.3808, 0.1817)
    """
    if hx is None:
        hx = (_zeros_state(input, w_hh), _zeros_state(input, w_hh))
    h, c = hx
    _check_cell("lstm_cell", input, h, w_ih, w_hh, 4)
    gi, gh = _gates(input, h, w_ih, w_hh, b_ih, b_hh)
    i, f, g, o = (gi + gh).chunk(4, dim=1)  # (N, M) each, PyTorch's order
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_new = torch.sigmoid(o) * torch.tanh(c_new)
    return h_new, c_new


def gru_cell(
    input: Tensor, hx: Tensor | None, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | None = None, b_hh: Tensor | None = None
) -> Tensor:
    """One GRU step, as ``torch.nn.GRUCell``: gates r, z, n, the reset gate applied to ``h W_hn^T + b_hn``.

    ::

        r = sigma(x W_ir^T + b_ir + h W_hr^T + b_hr)
        z = sigma(x W_iz^T + b_iz + h W_hz^T + b_hz)
        n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
        h' = (1 - z) * n + z * h

    Args:
        input: (N, D).
        hx: (N, M), or None for zeros.
        w_ih: (3M, D); w_hh: (3M, M); b_ih, b_hh: (3M,) or None.

    Returns:
        (N, M) the new hidden state.

    Example:
        >>> gru_cell(torch.zeros(1, 1), torch.ones(1, 1), torch.zeros(3, 1), torch.zeros(3, 1))  # z = 1/2, n = 0
        tensor([[0.5000]])
    """
    h = _zeros_state(input, w_hh) if hx is None else hx
    _check_cell("gru_cell", input, h, w_ih, w_hh, 3)
    gi, gh = _gates(input, h, w_ih, w_hh, b_ih, b_hh)  # (N, 3M) each
    i_r, i_z, i_n = gi.chunk(3, dim=1)  # (N, M) each
    h_r, h_z, h_n = gh.chunk(3, dim=1)
    r = torch.sigmoid(i_r + h_r)
    z = torch.sigmoid(i_z + h_z)
    n = torch.tanh(i_n + r * h_n)
    return (1 - z) * n + z * h


# -- stacked and bidirectional layers ------------------------------------------------------------

Params = Sequence[Sequence[Tensor]]


def _run_layers(
    cell: Callable, input: Tensor, params: Params, hx: Sequence[State] | None, bidirectional: bool
) -> tuple[Tensor, list[State]]:
    """Run ``cell`` over layers and directions; ``params[k]`` is (w_ih, w_hh[, b_ih, b_hh]) of layer-direction k."""
    directions = 2 if bidirectional else 1
    if len(params) % directions:
        raise ValueError(f"a bidirectional layer needs parameters in pairs (forward, backward), got {len(params)}")
    if input.dim() != 3:
        raise ValueError(f"input must be batch-first (N, T, D), got shape {tuple(input.shape)}")
    T = input.shape[1]
    finals: list[State] = []
    layer_input = input  # (N, T, D) then (N, T, directions * M)
    for layer in range(len(params) // directions):
        outputs = []
        for direction in range(directions):
            k = layer * directions + direction
            state = None if hx is None else hx[k]
            steps = range(T - 1, -1, -1) if direction == 1 else range(T)
            hs = [None] * T
            for t in steps:  # the backward direction reads the sequence from its end
                state = cell(layer_input[:, t], state, *params[k])
                hs[t] = state[0] if isinstance(state, tuple) else state  # (N, M)
            finals.append(state)
            outputs.append(torch.stack(hs, dim=1))  # (N, T, M)
        layer_input = torch.cat(outputs, dim=2)  # (N, T, directions * M)
    return layer_input, finals


def lstm(
    input: Tensor, params: Params, hx: tuple[Tensor, Tensor] | None = None, bidirectional: bool = False
) -> tuple[Tensor, tuple[Tensor, Tensor]]:
    """A stacked, optionally bidirectional LSTM, as ``torch.nn.LSTM(batch_first=True)``.

    Args:
        input: (N, T, D).
        params: one (w_ih, w_hh, b_ih, b_hh) per layer and direction, in ``torch.nn.LSTM``'s
            order (layer 0 forward, layer 0 backward, layer 1 forward, ...): ``module.all_weights``.
        hx: (h_0, c_0), each (L * directions, N, M), or None for zeros.
        bidirectional: whether each layer also runs from the end of the sequence to its start
            and concatenates its states to the forward ones.

    Returns:
        (output, (h_n, c_n)): output (N, T, directions * M) holds the last layer's states;
        h_n and c_n are (L * directions, N, M), as PyTorch returns them (not batch-first).
    """
    states = None if hx is None else list(zip(hx[0].unbind(0), hx[1].unbind(0)))
    output, finals = _run_layers(lstm_cell, input, params, states, bidirectional)
    h_n = torch.stack([h for h, _ in finals])  # (L * directions, N, M)
    c_n = torch.stack([c for _, c in finals])
    return output, (h_n, c_n)


def gru(input: Tensor, params: Params, hx: Tensor | None = None, bidirectional: bool = False) -> tuple[Tensor, Tensor]:
    """A stacked, optionally bidirectional GRU, as ``torch.nn.GRU(batch_first=True)``; arguments as :func:`lstm`.

    Returns:
        (output, h_n): output (N, T, directions * M), h_n (L * directions, N, M).
    """
    states = None if hx is None else list(hx.unbind(0))
    output, finals = _run_layers(gru_cell, input, params, states, bidirectional)
    return output, torch.stack(finals)


def detach_state(state: State) -> State:
    """The state cut from the graph, for truncated BPTT: gradients of the next chunk stop here.

    Works for an RNN/GRU state (a tensor) and an LSTM state (a tuple (h, c)).
    """
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()
