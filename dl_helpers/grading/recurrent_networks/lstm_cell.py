"""Chapter 09 exercise ``lstm_cell``: one LSTM step, as ``torch.nn.LSTMCell`` (gates i, f, g, o)."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint, randn, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.recurrent_networks._common import blocks, cell_inputs, negate_block


def _inputs(gen: torch.Generator, n: int, d: int, m: int, bias: bool = True, scale: float = 1.0):
    x, h, w_ih, w_hh, b_ih, b_hh = cell_inputs(gen, 4, n, d, m, bias, scale)
    return (x, (h, randn(gen, n, m)), w_ih, w_hh, b_ih, b_hh)


def _case(label: str, seed: int, n: int, d: int, m: int, **kw) -> Case:
    return Case(label, _inputs(seeded(seed), n, d, m, **kw))


def _fixed() -> list[Case]:
    return [
        _case("N=2, D=3 inputs, M=2 hidden units", 30, 2, 3, 2),
        _case("N=3, D=2, M=3", 31, 3, 2, 3),
        _case("N=1, D=2, M=4, larger weights", 32, 1, 2, 4, scale=3.0),
        _case("N=2, D=2, M=2, no biases", 33, 2, 2, 2, bias=False),
    ]


def _random(gen: torch.Generator) -> Case:
    n, d, m = randint(gen, 1, 5), randint(gen, 1, 5), randint(gen, 1, 5)
    bias = randint(gen, 0, 3) > 0
    return Case(f"random N={n}, D={d}, M={m}, bias={bias}", _inputs(gen, n, d, m, bias))


def _edge() -> list[Case]:
    x, _, w_ih, w_hh, b_ih, b_hh = _inputs(seeded(34), 2, 3, 3)
    return [
        Case("hx=None (h and c start at zeros)", (x, None, w_ih, w_hh, b_ih, b_hh)),
        _case("one hidden unit", 35, 3, 2, 1),
        _case("weights 50 times larger: every gate saturated", 36, 2, 3, 2, scale=50.0),
        _case("a batch of 64", 37, 64, 4, 6),
    ]


def _reordered(order: tuple[int, int, int, int]):
    """The reference reading the four gate blocks in another order (i, f, g, o = blocks order[0..3])."""

    def wrong(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
        return ref.lstm_cell(input, hx, *(blocks(p, order) for p in (w_ih, w_hh, b_ih, b_hh)))

    return wrong


def _forget_as_one_minus(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """c' = (1 - f) * c + i * g: the forget block's pre-activation negated."""
    return ref.lstm_cell(input, hx, *(negate_block(p, 1, 4) for p in (w_ih, w_hh, b_ih, b_hh)))


def _gates(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """The gates i, f, o after their sigmoids, the candidate block g before its tanh, and the old cell state c."""
    h, c = hx
    total = input @ w_ih.T + h @ w_hh.T + (0 if b_ih is None else b_ih) + (0 if b_hh is None else b_hh)
    i, f, g, o = total.chunk(4, dim=1)
    return torch.sigmoid(i), torch.sigmoid(f), g, torch.sigmoid(o), c


def _no_tanh_on_cell(*args):
    """h' = o * c' (no tanh on the cell state)."""
    h_new, c_new = ref.lstm_cell(*args)
    *_, o, _ = _gates(*args)
    return o * c_new, c_new


def _old_cell_in_output(*args):
    """h' = o * tanh(c), with the previous cell state."""
    _, c_new = ref.lstm_cell(*args)
    *_, o, c = _gates(*args)
    return o * torch.tanh(c), c_new


def _sigmoid_candidate(*args):
    """g = sigmoid(.) instead of tanh(.)."""
    i, f, g, o, c = _gates(*args)
    c_new = f * c + i * torch.sigmoid(g)
    return o * torch.tanh(c_new), c_new


EXERCISE = Exercise(
    name="lstm_cell",
    reference=ref.lstm_cell,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    mistakes=(
        Mistake(
            "gate_order_i_f_o_g",
            "you read the gates in the order i, f, o, g; PyTorch stacks them as i, f, g, o: "
            "i, f, g, o = gates.chunk(4, dim=1), with tanh on the third (g) and sigmoid on the fourth (o).",
            _reordered((0, 1, 3, 2)),
        ),
        Mistake(
            "gate_order_i_g_f_o",
            "you read the gates in the order i, g, f, o (TensorFlow's i, j, f, o); PyTorch stacks them as "
            "i, f, g, o: the forget gate is the second block, the candidate g the third.",
            _reordered((0, 2, 1, 3)),
        ),
        Mistake(
            "gate_order_f_i_g_o",
            "you swapped the input and forget gates; PyTorch's first block is the input gate i, the second the "
            "forget gate f (order i, f, g, o).",
            _reordered((1, 0, 2, 3)),
        ),
        Mistake(
            "forget_gate_as_one_minus_f",
            "you kept (1 - f) of the old cell state; the forget gate multiplies it directly: c' = f * c + i * g "
            "(f near 1 remembers).",
            _forget_as_one_minus,
        ),
        Mistake(
            "no_tanh_on_cell_state",
            "your h' is o * c'; the LSTM squashes the cell state first: h' = o * tanh(c').",
            _no_tanh_on_cell,
        ),
        Mistake(
            "previous_cell_state_in_output",
            "your h' uses the old cell state; compute c' first, then h' = o * tanh(c') with the new one.",
            _old_cell_in_output,
        ),
        Mistake(
            "sigmoid_on_candidate",
            "you applied a sigmoid to the candidate g; g = tanh(.) (values in (-1, 1), so the cell can also "
            "decrease), only i, f and o are sigmoids.",
            _sigmoid_candidate,
        ),
        Mistake(
            "returned_c_then_h",
            "you returned (c', h'); like torch.nn.LSTMCell, return (h', c').",
            lambda *args: ref.lstm_cell(*args)[::-1],
        ),
    ),
    forbidden=(
        "torch.lstm_cell",
        "torch.nn.LSTMCell.forward",
        "torch.lstm",
        "torch.nn.LSTM.forward",
        "torch._VF.lstm_cell",
        "dl_helpers.reference.recurrent.lstm",
    ),
)
