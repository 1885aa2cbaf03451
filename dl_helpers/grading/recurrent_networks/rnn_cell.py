"""Chapter 09 exercise ``rnn_cell``: one step of the Elman RNN, as ``torch.nn.RNNCell``."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.recurrent_networks._common import cell_inputs

SHORTCUTS = (
    "torch.rnn_tanh_cell",
    "torch.rnn_relu_cell",
    "torch.nn.RNNCell.forward",
    "torch.rnn_tanh",
    "torch.nn.RNN.forward",
    "dl_helpers.reference.recurrent.rnn_forward",
)


def _case(label: str, seed: int, n: int, d: int, m: int, bias: bool = True, scale: float = 1.0) -> Case:
    return Case(label, cell_inputs(seeded(seed), 1, n, d, m, bias, scale))


def _fixed() -> list[Case]:
    return [
        _case("N=2 sequences, D=3 inputs, M=4 hidden units", 0, 2, 3, 4),
        _case("N=3, D=2, M=2 (w_ih and w_hh both square)", 1, 3, 2, 2),
        _case("N=1, D=4, M=3, large weights (tanh saturates)", 2, 1, 4, 3, scale=4.0),
        _case("N=2, D=3, M=3, no biases (b_ih = b_hh = None)", 3, 2, 3, 3, bias=False),
    ]


def _random(gen: torch.Generator) -> Case:
    n, d, m = randint(gen, 1, 5), randint(gen, 1, 6), randint(gen, 1, 6)  # with biases: gradients reach them
    return Case(f"random N={n}, D={d}, M={m}", cell_inputs(gen, 1, n, d, m, True, 1.5))


def _edge() -> list[Case]:
    x, _, w_ih, w_hh, b_ih, b_hh = cell_inputs(seeded(10), 1, 3, 2, 4)
    return [
        Case("hx=None (the state starts at zeros)", (x, None, w_ih, w_hh, b_ih, b_hh)),
        _case("one hidden unit, one input", 11, 4, 1, 1),
        _case("weights 100 times larger: tanh at +-1", 12, 2, 3, 2, scale=100.0),
        _case("a batch of 64", 13, 64, 5, 8),
    ]


def _pre_activation(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """x W_ih^T + b_ih + h W_hh^T + b_hh: the reference's tanh undone."""
    return torch.atanh(ref.rnn_cell(input, hx, w_ih, w_hh, b_ih, b_hh).clamp(-1 + 1e-16, 1 - 1e-16))


EXERCISE = Exercise(
    name="rnn_cell",
    reference=ref.rnn_cell,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("input", "hx", "w_ih", "w_hh", "b_ih", "b_hh"),
    mistakes=(
        Mistake(
            "w_hh_not_transposed",
            "you multiplied the state by w_hh instead of its transpose. PyTorch stores w_hh as (out, in) = (M, M), "
            "so the product is hx @ w_hh.T; being square, the untransposed one runs, but computes the wrong sum.",
            lambda x, h, w_ih, w_hh, b_ih=None, b_hh=None: ref.rnn_cell(x, h, w_ih, w_hh.T, b_ih, b_hh),
        ),
        Mistake(
            "hidden_bias_missing",
            "you left out b_hh: PyTorch's cell adds both biases, tanh(x @ w_ih.T + b_ih + hx @ w_hh.T + b_hh).",
            lambda x, h, w_ih, w_hh, b_ih=None, b_hh=None: ref.rnn_cell(x, h, w_ih, w_hh, b_ih, None),
        ),
        Mistake(
            "input_bias_missing",
            "you left out b_ih: PyTorch's cell adds both biases, tanh(x @ w_ih.T + b_ih + hx @ w_hh.T + b_hh).",
            lambda x, h, w_ih, w_hh, b_ih=None, b_hh=None: ref.rnn_cell(x, h, w_ih, w_hh, None, b_hh),
        ),
        Mistake(
            "previous_state_ignored",
            "your new state does not depend on hx: add the recurrent term hx @ w_hh.T (that term is what makes it "
            "a recurrent network).",
            lambda x, h, w_ih, w_hh, b_ih=None, b_hh=None: ref.rnn_cell(x, torch.zeros_like(h), w_ih, w_hh, b_ih, b_hh),
        ),
        Mistake(
            "no_tanh",
            "you returned the pre-activation; apply torch.tanh to x @ w_ih.T + b_ih + hx @ w_hh.T + b_hh.",
            _pre_activation,
        ),
        Mistake(
            "sigmoid_instead_of_tanh",
            "you squashed with a sigmoid; the Elman cell uses tanh, whose values lie in (-1, 1) and are centred on 0.",
            lambda *args: torch.sigmoid(_pre_activation(*args)),
        ),
        Mistake(
            "relu_instead_of_tanh",
            "you used ReLU; torch.nn.RNNCell's default nonlinearity is tanh.",
            lambda *args: torch.relu(_pre_activation(*args)),
        ),
    ),
    forbidden=SHORTCUTS,
)
