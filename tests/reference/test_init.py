"""Do the initialisers draw what torch.nn.init draws, from the distributions its formulas promise?

Every random test uses a fixed seed, so it is deterministic: the statistical tolerances are
set several standard errors wide, so a correct implementation passes with any seed, and the
fixed seed makes sure the verdict never changes from one run to the next.
"""

from __future__ import annotations

import math

import pytest
import scipy.stats
import torch
import torch.nn.init as nn_init

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
SHAPES = [(3, 5), (5, 3), (7, 7), (8, 3, 3, 3), (4, 6, 5), (2, 3, 1, 1), (6, 2, 3, 2, 2)]
NONLINEARITIES = ["linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]


def _gen(seed: int, device: str = "cpu") -> torch.Generator:
    return torch.Generator(device=device).manual_seed(seed)


@pytest.mark.parametrize("nonlinearity", NONLINEARITIES)
@pytest.mark.parametrize("param", [None, 0.0, 0.2, 1.0])
def test_calculate_gain_matches_torch(nonlinearity, param):
    assert ref.calculate_gain(nonlinearity, param) == pytest.approx(
        nn_init.calculate_gain(nonlinearity, param), rel=1e-15
    )


def test_calculate_gain_rejects_unknown_names_and_bad_slopes():
    with pytest.raises(ValueError, match="softplus"):
        ref.calculate_gain("softplus")
    with pytest.raises(ValueError, match="negative_slope"):
        ref.calculate_gain("leaky_relu", "0.1")


@pytest.mark.parametrize("shape", SHAPES)
def test_fan_in_and_fan_out_match_torch(shape):
    assert ref.fan_in_and_fan_out(torch.empty(shape)) == nn_init._calculate_fan_in_and_fan_out(torch.empty(shape))


def test_fan_needs_two_dimensions():
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        ref.fan_in_and_fan_out(torch.empty(5))
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        ref.kaiming_normal(torch.empty(5))


def _torch_init(name: str, tensor: torch.Tensor, generator: torch.Generator, **kwargs) -> torch.Tensor:
    return getattr(nn_init, name + "_")(tensor.clone(), generator=generator, **kwargs)


CALLS = [
    ("normal", {"mean": 0.5, "std": 0.02}),
    ("xavier_uniform", {}),
    ("xavier_uniform", {"gain": 5.0 / 3.0}),
    ("xavier_normal", {"gain": 2.0}),
    ("kaiming_uniform", {}),
    ("kaiming_uniform", {"mode": "fan_out", "nonlinearity": "relu"}),
    ("kaiming_normal", {}),
    ("kaiming_normal", {"nonlinearity": "relu"}),
    ("kaiming_normal", {"mode": "fan_out", "nonlinearity": "tanh"}),
    ("kaiming_normal", {"a": 0.2}),
    ("orthogonal", {}),
    ("orthogonal", {"gain": 1.5}),
]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name, kwargs", CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)])
def test_draws_equal_torch_nn_init_with_the_same_generator(name, kwargs, shape, dtype, device):
    tensor = torch.zeros(shape, dtype=dtype, device=device)
    ours = getattr(ref, name)(tensor, generator=_gen(7, device), **kwargs)
    theirs = _torch_init(name, tensor, _gen(7, device), **kwargs)
    assert ours.shape == tensor.shape and ours.dtype == dtype and ours.device == tensor.device
    torch.testing.assert_close(ours, theirs, rtol=1e-6 if dtype == torch.float32 else 1e-12, atol=1e-7)
    assert torch.count_nonzero(tensor) == 0, "the argument must not be modified"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_a_cpu_generator_gives_the_same_weights_on_cuda():
    cpu = ref.kaiming_normal(torch.empty(6, 4), generator=_gen(3))
    cuda = ref.kaiming_normal(torch.empty(6, 4, device="cuda"), generator=_gen(3))
    assert cuda.device.type == "cuda"
    torch.testing.assert_close(cuda.cpu(), cpu)


def _expected_std(name: str, shape: tuple[int, ...], kwargs: dict) -> float:
    fan_in, fan_out = nn_init._calculate_fan_in_and_fan_out(torch.empty(shape))
    if name.startswith("xavier"):
        return kwargs.get("gain", 1.0) * math.sqrt(2.0 / (fan_in + fan_out))
    fan = fan_in if kwargs.get("mode", "fan_in") == "fan_in" else fan_out
    return nn_init.calculate_gain(kwargs.get("nonlinearity", "leaky_relu"), kwargs.get("a", 0.0)) / math.sqrt(fan)


STATS_SHAPES = [(400, 300), (300, 400), (64, 32, 3, 3)]


@pytest.mark.parametrize("shape", STATS_SHAPES)
@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("kaiming_normal", {}),
        ("kaiming_normal", {"mode": "fan_out", "nonlinearity": "relu"}),
        ("kaiming_normal", {"a": 0.3, "nonlinearity": "leaky_relu"}),
        ("kaiming_normal", {"nonlinearity": "tanh"}),
        ("xavier_normal", {"gain": 1.0}),
    ],
)
def test_normal_initialisers_have_the_promised_distribution(name, kwargs, shape):
    samples = getattr(ref, name)(torch.empty(shape, dtype=F64), generator=_gen(0), **kwargs).flatten()
    std = _expected_std(name, shape, kwargs)
    n = samples.numel()
    # Standard errors: mean std/sqrt(n); sample std std/sqrt(2n). Allow 6 of them.
    assert abs(samples.mean().item()) < 6 * std / math.sqrt(n)
    assert abs(samples.std().item() / std - 1) < 6 / math.sqrt(2 * n)
    assert scipy.stats.kstest(samples.numpy(), "norm", args=(0.0, std)).pvalue > 1e-4


@pytest.mark.parametrize("shape", STATS_SHAPES)
@pytest.mark.parametrize(
    "name, kwargs",
    [("kaiming_uniform", {}), ("kaiming_uniform", {"mode": "fan_out"}), ("xavier_uniform", {"gain": 2.0})],
)
def test_uniform_initialisers_have_the_promised_bounds_and_std(name, kwargs, shape):
    samples = getattr(ref, name)(torch.empty(shape, dtype=F64), generator=_gen(1), **kwargs).flatten()
    std = _expected_std(name, shape, kwargs)
    bound = math.sqrt(3.0) * std
    assert samples.abs().max().item() <= bound
    assert samples.abs().max().item() > 0.999 * bound  # with 10^5 draws the extremes come close
    assert scipy.stats.kstest(samples.numpy(), "uniform", args=(-bound, 2 * bound)).pvalue > 1e-4


@pytest.mark.parametrize("shape", [(5, 5), (3, 8), (8, 3), (6, 2, 3, 3), (2, 3, 2, 2)])
@pytest.mark.parametrize("gain", [1.0, 0.5])
def test_orthogonal_has_orthonormal_rows_or_columns(shape, gain):
    w = ref.orthogonal(torch.empty(shape, dtype=F64), gain=gain, generator=_gen(2))
    matrix = w.reshape(shape[0], -1)  # (rows, cols)
    small = min(matrix.shape)
    gram = matrix @ matrix.mT if matrix.shape[0] <= matrix.shape[1] else matrix.mT @ matrix  # (small, small)
    torch.testing.assert_close(gram, gain**2 * torch.eye(small, dtype=F64), rtol=0, atol=1e-12)
    torch.testing.assert_close(torch.linalg.svdvals(matrix), torch.full((small,), gain, dtype=F64), rtol=0, atol=1e-12)


def test_kaiming_keeps_the_second_moment_through_a_deep_relu_network():
    # E[z^2] stays put layer after layer with std = sqrt(2 / fan_in); it halves each layer without the gain.
    g = _gen(4)
    x = torch.randn(2000, 200, generator=g, dtype=F64)
    h_kaiming, h_plain = x, x
    for _ in range(20):
        w = ref.kaiming_normal(torch.empty(200, 200, dtype=F64), nonlinearity="relu", generator=g)
        h_kaiming = torch.relu(h_kaiming @ w.mT)
        h_plain = torch.relu(h_plain @ (w / math.sqrt(2)).mT)
    # E[relu(z)^2] = E[z^2] / 2 and E[z^2] = fan_in Var[w] E[h^2] = 2 E[h^2]: E[h^2] stays at E[x^2].
    ratio = (h_kaiming**2).mean().item() / (x**2).mean().item()
    assert 0.7 < ratio < 1.4
    assert (h_plain**2).mean().item() < 1e-4 * (h_kaiming**2).mean().item()  # about 2^-20 of it


def test_initialisers_reject_bad_arguments():
    with pytest.raises(ValueError, match="mode"):
        ref.kaiming_normal(torch.empty(3, 3), mode="fan_avg")
    with pytest.raises(TypeError, match="floating-point"):
        ref.kaiming_normal(torch.empty(3, 3, dtype=torch.int64))
    with pytest.raises(ValueError, match="std"):
        ref.normal(torch.empty(3, 3), std=-1.0)
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        ref.orthogonal(torch.empty(4))


def test_without_a_generator_the_global_seed_decides():
    torch.manual_seed(0)
    first = ref.kaiming_normal(torch.empty(4, 4))
    torch.manual_seed(0)
    torch.testing.assert_close(ref.kaiming_normal(torch.empty(4, 4)), first)
