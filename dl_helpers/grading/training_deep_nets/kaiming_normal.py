"""Chapter 05 exercise ``kaiming_normal``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

import math

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, child as _child, choice as _choice, randint as _randint, seeded as _gen
from dl_helpers.grading.exercise import Case, Exercise, Mistake


def _kaiming_case(
    label: str,
    shape: tuple[int, ...],
    generator: torch.Generator,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
) -> Case:
    # The generator goes in positionally: the checks copy positional generators with their state.
    return Case(label, (torch.zeros(shape, dtype=F64), a, mode, nonlinearity, generator))


def _kaiming_fixed() -> list[Case]:
    return [
        _kaiming_case("a (6, 5) Linear weight, default arguments (leaky_relu with a=0, that is ReLU)", (6, 5), _gen(0)),
        _kaiming_case(
            "an (8, 3, 3, 3) convolution weight, nonlinearity='relu'", (8, 3, 3, 3), _gen(1), nonlinearity="relu"
        ),
        _kaiming_case(
            "a (5, 10) weight, mode='fan_out', nonlinearity='relu'",
            (5, 10),
            _gen(2),
            mode="fan_out",
            nonlinearity="relu",
        ),
        _kaiming_case("a (3, 5) weight, nonlinearity='tanh'", (3, 5), _gen(4), nonlinearity="tanh"),
        _kaiming_case("a (3, 5) weight, nonlinearity='linear'", (3, 5), _gen(5), nonlinearity="linear"),
        _kaiming_case("a (4, 6) weight, leaky_relu with a=0.2", (4, 6), _gen(3), a=0.2),
    ]


def _kaiming_random(gen: torch.Generator) -> Case:
    if _randint(gen, 0, 1):
        shape = (_randint(gen, 1, 8), _randint(gen, 1, 8))
    else:
        shape = (_randint(gen, 1, 6), _randint(gen, 1, 4), _randint(gen, 1, 3), _randint(gen, 1, 3))
    mode = _choice(gen, ("fan_in", "fan_in", "fan_out"))
    nonlinearity = _choice(gen, ("relu", "leaky_relu", "leaky_relu", "tanh", "linear", "sigmoid"))
    a = round(float(torch.rand(1, generator=gen, dtype=F64)) * 0.5, 3) if nonlinearity == "leaky_relu" else 0.0
    label = f"a random {shape} weight, a={a}, mode={mode!r}, nonlinearity={nonlinearity!r}"
    return _kaiming_case(label, shape, _child(gen), a, mode, nonlinearity)


def _kaiming_edge() -> list[Case]:
    return [
        _kaiming_case("a (1, 1) weight", (1, 1), _gen(10)),
        _kaiming_case("a (4, 2, 5) Conv1d weight, nonlinearity='relu'", (4, 2, 5), _gen(11), nonlinearity="relu"),
        _kaiming_case("a (3, 2, 1, 1) 1x1 convolution, mode='fan_out'", (3, 2, 1, 1), _gen(12), mode="fan_out"),
        _kaiming_case(
            "a (2, 3, 2, 2, 2) Conv3d weight, leaky_relu with a=1 (gain 1)", (2, 3, 2, 2, 2), _gen(13), a=1.0
        ),
        _kaiming_case("a (64, 128) weight, nonlinearity='relu'", (64, 128), _gen(14), nonlinearity="relu"),
    ]


def _other_mode(mode: str) -> str:
    return "fan_out" if mode == "fan_in" else "fan_in"


def _variance_as_std(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    # The reference's draws carry std = gain / sqrt(fan); gain^2 / fan is that std times itself.
    fan_in, fan_out = ref.fan_in_and_fan_out(tensor)
    std = ref.calculate_gain(nonlinearity, a) / math.sqrt(fan_in if mode == "fan_in" else fan_out)
    return ref.kaiming_normal(tensor, a, mode, nonlinearity, generator) * std


def _fan_without_receptive_field(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    # A fan prod(kernel) times too small makes the std sqrt(prod(kernel)) times too large.
    receptive_field = math.prod(tensor.shape[2:])
    return ref.kaiming_normal(tensor, a, mode, nonlinearity, generator) * math.sqrt(receptive_field)


EXERCISE = Exercise(
    name="kaiming_normal",
    reference=ref.kaiming_normal,
    fixed_cases=_kaiming_fixed,
    random_case=_kaiming_random,
    edge_cases=_kaiming_edge,
    mistakes=(
        Mistake(
            "fan_out_instead_of_fan_in",
            "you used fan_out where the mode asks for fan_in (or the other way round). PyTorch stores a Linear "
            "weight as (out_features, in_features), so fan_in = tensor.shape[1] * (receptive field) and "
            "fan_out = tensor.shape[0] * (receptive field).",
            lambda tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None: ref.kaiming_normal(
                tensor, a, _other_mode(mode), nonlinearity, generator
            ),
        ),
        Mistake(
            "missing_relu_gain",
            "your standard deviation lacks the gain: it is 1 / sqrt(fan), but std = gain / sqrt(fan), with "
            "gain = sqrt(2) for ReLU (the default, leaky_relu with a=0), sqrt(2 / (1 + a^2)) for leaky_relu, "
            "5/3 for tanh and 1 for linear and sigmoid. ReLU zeroes half its input; the gain makes up for it.",
            lambda tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None: ref.kaiming_normal(
                tensor, a, mode, "linear", generator
            ),
        ),
        Mistake(
            "variance_as_std",
            "you used the variance gain^2 / fan as the standard deviation; std = gain / sqrt(fan) (torch.randn "
            "draws with std 1, so multiply by the std, not the variance).",
            _variance_as_std,
        ),
        Mistake(
            "negative_slope_ignored",
            "for leaky_relu you ignored the negative slope `a`: the gain is sqrt(2 / (1 + a^2)), which is sqrt(2) "
            "only when a=0.",
            lambda tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None: ref.kaiming_normal(
                tensor, 0.0, mode, nonlinearity, generator
            ),
        ),
        Mistake(
            "nonlinearity_ignored",
            "you always used the ReLU gain sqrt(2); the gain depends on `nonlinearity` (and `a`): 5/3 for tanh, "
            "1 for linear and sigmoid, sqrt(2 / (1 + a^2)) for leaky_relu.",
            lambda tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None: ref.kaiming_normal(
                tensor, a, mode, "relu", generator
            ),
        ),
        Mistake(
            "fan_without_receptive_field",
            "for a convolution weight (C_out, C_in, kH, kW) the fan counts every input of one output: "
            "fan_in = C_in * kH * kW, not C_in (multiply by the product of tensor.shape[2:]).",
            _fan_without_receptive_field,
        ),
        Mistake(
            "uniform_instead_of_normal",
            "you drew from a uniform distribution (that is kaiming_uniform); kaiming_normal draws "
            "N(0, std^2): torch.randn(..., generator=generator) * std.",
            lambda tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None: ref.kaiming_uniform(
                tensor, a, mode, nonlinearity, generator
            ),
        ),
        Mistake(
            "drawn_in_default_dtype",
            "you drew the random numbers in the default dtype (float32) and converted afterwards; draw them "
            "with dtype=tensor.dtype, so that float64 weights get float64 draws.",
            lambda tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None: ref.kaiming_normal(
                tensor.float(), a, mode, nonlinearity, generator
            ).to(tensor.dtype),
        ),
    ),
    forbidden=(
        "torch.nn.init.kaiming_normal_",
        "torch.nn.init.kaiming_uniform_",
        "torch.nn.init.calculate_gain",
        "torch.nn.init._calculate_fan_in_and_fan_out",
        "torch.nn.init._calculate_correct_fan",
        "dl_helpers.reference.init.calculate_gain",
        "dl_helpers.reference.init.fan_in_and_fan_out",
        "dl_helpers.reference.init.kaiming_uniform",
    ),
)
