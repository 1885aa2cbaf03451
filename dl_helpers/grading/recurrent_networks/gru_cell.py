"""Chapter 09 exercise ``gru_cell``: one GRU step, as ``torch.nn.GRUCell`` (gates r, z, n; reset applied to h W_hn^T + b_hn)."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.recurrent_networks._common import blocks, cell_inputs, negate_block


def _case(label: str, seed: int, n: int, d: int, m: int, bias: bool = True, scale: float = 1.0) -> Case:
    return Case(label, cell_inputs(seeded(seed), 3, n, d, m, bias, scale))


def _fixed() -> list[Case]:
    return [
        _case("N=2, D=3 inputs, M=2 hidden units", 40, 2, 3, 2),
        _case("N=3, D=2, M=3", 41, 3, 2, 3),
        _case("N=1, D=2, M=4, larger weights", 42, 1, 2, 4, scale=3.0),
    ]


def _random(gen: torch.Generator) -> Case:
    n, d, m = randint(gen, 1, 5), randint(gen, 1, 5), randint(gen, 1, 5)
    return Case(f"random N={n}, D={d}, M={m}", cell_inputs(gen, 3, n, d, m, True, 1.5))


def _edge() -> list[Case]:
    x, _, w_ih, w_hh, b_ih, b_hh = cell_inputs(seeded(43), 3, 2, 3, 3)
    return [
        Case("hx=None (the state starts at zeros)", (x, None, w_ih, w_hh, b_ih, b_hh)),
        _case("no biases", 44, 3, 2, 2, bias=False),
        _case("one hidden unit", 45, 3, 2, 1),
        _case("weights 50 times larger: gates saturated", 46, 2, 3, 2, scale=50.0),
    ]


def _projections(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """The three blocks of x W_ih^T + b_ih and of h W_hh^T + b_hh, and the gates r and z."""
    gi = input @ w_ih.T + (0 if b_ih is None else b_ih)
    gh = hx @ w_hh.T + (0 if b_hh is None else b_hh)
    (i_r, i_z, i_n), (h_r, h_z, h_n) = gi.chunk(3, dim=1), gh.chunk(3, dim=1)
    return torch.sigmoid(i_r + h_r), torch.sigmoid(i_z + h_z), i_n, h_n


def _reset_before_product(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """The original paper's candidate: tanh(x W_in^T + b_in + (r * h) W_hn^T + b_hn)."""
    r, z, i_n, _ = _projections(input, hx, w_ih, w_hh, b_ih, b_hh)
    w_hn = w_hh.chunk(3, dim=0)[2]
    b_hn = 0 if b_hh is None else b_hh.chunk(3)[2]
    n = torch.tanh(i_n + (r * hx) @ w_hn.T + b_hn)
    return (1 - z) * n + z * hx


def _bias_outside_reset(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """tanh(x W_in^T + b_in + r * (h W_hn^T) + b_hn): b_hn not scaled by the reset gate."""
    r, z, i_n, h_n = _projections(input, hx, w_ih, w_hh, b_ih, b_hh)
    b_hn = 0 if b_hh is None else b_hh.chunk(3)[2]
    n = torch.tanh(i_n + r * (h_n - b_hn) + b_hn)
    return (1 - z) * n + z * hx


def _no_reset(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    r, z, i_n, h_n = _projections(input, hx, w_ih, w_hh, b_ih, b_hh)
    return (1 - z) * torch.tanh(i_n + h_n) + z * hx


def _param_map(fn):
    return lambda input, hx, w_ih, w_hh, b_ih=None, b_hh=None: ref.gru_cell(
        input, hx, *(fn(p) for p in (w_ih, w_hh, b_ih, b_hh))
    )


EXERCISE = Exercise(
    name="gru_cell",
    reference=ref.gru_cell,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    differentiable=("input", "hx", "w_ih", "w_hh", "b_ih", "b_hh"),
    mistakes=(
        Mistake(
            "reset_gate_before_the_product",
            "you applied the reset gate to h before the matrix product, (r * h) @ W_hn.T, as in the original GRU "
            "paper; PyTorch applies it after, to the projected state plus its bias: "
            "n = tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn)).",
            _reset_before_product,
        ),
        Mistake(
            "hidden_bias_outside_the_reset",
            "you added b_hn outside the reset gate; PyTorch scales it with the projection: "
            "r * (h @ W_hn.T + b_hn). (Only in the GRU do b_ih and b_hh not simply add up.)",
            _bias_outside_reset,
        ),
        Mistake(
            "update_gate_roles_swapped",
            "you took z of the candidate and (1 - z) of the old state; PyTorch's GRU keeps z of the old state: "
            "h' = (1 - z) * n + z * h.",
            _param_map(lambda p: negate_block(p, 1, 3)),
        ),
        Mistake(
            "gate_order_z_r_n",
            "you read the gate blocks as z, r, n; PyTorch stacks them as r, z, n (r, z, n = gates.chunk(3, dim=1)).",
            _param_map(lambda p: blocks(p, (1, 0, 2))),
        ),
        Mistake(
            "reset_gate_left_out",
            "your candidate has no reset gate: n = tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn)).",
            _no_reset,
        ),
    ),
    forbidden=(
        "torch.gru_cell",
        "torch.nn.GRUCell.forward",
        "torch.gru",
        "torch.nn.GRU.forward",
        "dl_helpers.reference.recurrent.gru",
    ),
)
