"""Chapter 09 exercise ``rnn_forward``: unroll the RNN cell over a batch-first sequence, returning every state and the last."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint, randn, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.recurrent_networks._common import cell_inputs


def _inputs(gen: torch.Generator, n: int, t: int, d: int, m: int, bias: bool = True, scale: float = 1.0):
    _, h, w_ih, w_hh, b_ih, b_hh = cell_inputs(gen, 1, n, d, m, bias, scale)
    return (randn(gen, n, t, d), h, w_ih, w_hh, b_ih, b_hh)


def _case(label: str, seed: int, n: int, t: int, d: int, m: int, **kw) -> Case:
    return Case(label, _inputs(seeded(seed), n, t, d, m, **kw))


def _fixed() -> list[Case]:
    return [
        _case("N=2 sequences of T=4 steps, D=3 inputs, M=2 hidden units", 20, 2, 4, 3, 2),
        _case("N=3, T=3, D=2, M=3", 21, 3, 3, 2, 3),
        _case("N=1, T=5, D=1, M=2, recurrent weights 1.5 times larger", 22, 1, 5, 1, 2, scale=1.5),
    ]


def _random(gen: torch.Generator) -> Case:
    n, t, d, m = randint(gen, 1, 4), randint(gen, 2, 7), randint(gen, 1, 4), randint(gen, 1, 5)
    return Case(f"random N={n}, T={t}, D={d}, M={m}", _inputs(gen, n, t, d, m, bias=randint(gen, 0, 3) > 0))


def _edge() -> list[Case]:
    x, _, w_ih, w_hh, b_ih, b_hh = _inputs(seeded(23), 2, 4, 3, 3)
    return [
        Case("hx=None (h_0 = zeros)", (x, None, w_ih, w_hh, b_ih, b_hh)),
        _case("a single time step, T=1", 24, 3, 1, 2, 2),
        _case("a long sequence, T=50", 25, 2, 50, 2, 3),
        _case("N=T=D=M=2 (every axis the same size)", 26, 2, 2, 2, 2),
    ]


def _state_not_carried(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """Every step started again from hx: the reference on one step at a time."""
    steps = [ref.rnn_forward(input[:, t : t + 1], hx, w_ih, w_hh, b_ih, b_hh)[0] for t in range(input.shape[1])]
    output = torch.cat(steps, dim=1)  # (N, T, M)
    return output, output[:, -1]


def _states_before_update(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """The outputs h_0 .. h_{T-1} (each state stored before the cell updates it), h_n right."""
    output, h_n = ref.rnn_forward(input, hx, w_ih, w_hh, b_ih, b_hh)
    h0 = torch.zeros_like(output[:, :1]) if hx is None else hx.unsqueeze(1)
    return torch.cat([h0, output[:, :-1]], dim=1), h_n


EXERCISE = Exercise(
    name="rnn_forward",
    reference=ref.rnn_forward,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    mistakes=(
        Mistake(
            "outputs_stacked_time_first",
            "your output is (T, N, M): torch.stack(states) stacks along dim 0. The layout is batch-first, "
            "so stack along dim=1 to get (N, T, M).",
            lambda *args: (ref.rnn_forward(*args)[0].transpose(0, 1), ref.rnn_forward(*args)[1]),
        ),
        Mistake(
            "state_not_carried",
            "every step starts again from hx: feed each step the state the previous step returned "
            "(h = rnn_cell(input[:, t], h, ...)), starting from h = hx.",
            _state_not_carried,
        ),
        Mistake(
            "states_stored_before_update",
            "your output holds h_0 .. h_{T-1}: you stored each state before updating it. Store the state the cell "
            "returns, so that output[:, t] is h_{t+1} and output[:, -1] equals h_n.",
            _states_before_update,
        ),
        Mistake(
            "hx_ignored",
            "you started from zeros although hx was given; start the recurrence from hx (zeros only when hx is None).",
            lambda input, hx, *weights: ref.rnn_forward(input, None, *weights),
        ),
        Mistake(
            "h_n_is_the_first_state",
            "your h_n is the state after the first step; h_n is the state after the last step, output[:, -1].",
            lambda *args: (ref.rnn_forward(*args)[0], ref.rnn_forward(*args)[0][:, 0]),
        ),
        Mistake(
            "sequence_read_backwards",
            "you went through the sequence from its end to its start; a (forward) RNN reads t = 0, 1, ..., T-1.",
            lambda input, *rest: ref.rnn_forward(input.flip(1), *rest),
        ),
    ),
    forbidden=(
        "torch.rnn_tanh",
        "torch.rnn_relu",
        "torch.nn.RNN.forward",
        "torch.rnn_tanh_cell",
        "torch.nn.RNNCell.forward",
    ),
)
