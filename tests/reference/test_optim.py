"""Do the optimizer steps take the same steps as torch.optim, step after step?

Every chapter 03 step function is run side by side with PyTorch's optimizer for 100 steps,
on random gradients and on a real loss, with several hyperparameter settings each, and the
parameters (and the optimizer state) are compared after every step.
"""

from __future__ import annotations

import pytest
import torch

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
TOL = dict(rtol=1e-6, atol=1e-6)  # the brief: within 1e-6 over 100 steps; in float64 the gap is ~1e-15


# -- chapter 01's in-place sgd_step ----------------------------------------------------------


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_sgd_step_matches_torch_optim_sgd_over_100_steps(weight_decay):
    g = torch.Generator().manual_seed(0)
    theirs = torch.randn(5, dtype=F64, generator=g).requires_grad_()
    ours = theirs.detach().clone()
    optimizer = torch.optim.SGD([theirs], lr=0.05, weight_decay=weight_decay)
    target = torch.randn(5, dtype=F64, generator=g)
    for _ in range(100):
        optimizer.zero_grad()
        ((theirs - target) ** 2).sum().backward()
        optimizer.step()
        ref.sgd_step(ours, 2 * (ours - target), lr=0.05, weight_decay=weight_decay)
    torch.testing.assert_close(ours, theirs.detach(), rtol=1e-12, atol=1e-12)


def test_sgd_step_rejects_bad_hyperparameters():
    with pytest.raises(ValueError, match="lr"):
        ref.sgd_step(torch.zeros(1), torch.zeros(1), lr=0.0)
    with pytest.raises(ValueError, match="weight_decay"):
        ref.sgd_step(torch.zeros(1), torch.zeros(1), lr=0.1, weight_decay=-1.0)


# -- the pure steps, driven like an optimizer -------------------------------------------------


class Stepper:
    """Holds the state that torch.optim keeps in optimizer.state[param] and calls one step function."""

    def __init__(self, kind: str, param: torch.Tensor, hyper: dict):
        self.kind, self.hyper, self.step = kind, hyper, 0
        zeros = torch.zeros_like(param)
        self.state = {
            "sgd": {"momentum_buffer": None},
            "adagrad": {"sum": zeros},
            "rmsprop": {"square_avg": zeros},
            "adam": {"exp_avg": zeros, "exp_avg_sq": zeros},
            "adamw": {"exp_avg": zeros, "exp_avg_sq": zeros},
        }[kind]

    def __call__(self, param: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
        self.step += 1
        s, h = self.state, self.hyper
        if self.kind == "sgd":
            param, s["momentum_buffer"] = ref.sgd_momentum_step(param, grad, s["momentum_buffer"], **h)
        elif self.kind == "adagrad":
            param, s["sum"] = ref.adagrad_step(param, grad, s["sum"], self.step, **h)
        elif self.kind == "rmsprop":
            param, s["square_avg"] = ref.rmsprop_step(param, grad, s["square_avg"], **h)
        else:
            fn = ref.adam_step if self.kind == "adam" else ref.adamw_step
            param, s["exp_avg"], s["exp_avg_sq"] = fn(param, grad, s["exp_avg"], s["exp_avg_sq"], self.step, **h)
        return param


TORCH = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
}

SETTINGS = [
    ("sgd", {"lr": 0.05}),
    ("sgd", {"lr": 0.05, "momentum": 0.9}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd", {"lr": 0.02, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.1}),
    ("sgd", {"lr": 0.1, "momentum": 0.99, "nesterov": True, "weight_decay": 0.01}),
    ("adagrad", {"lr": 0.1}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1}),
    ("adagrad", {"lr": 0.5, "eps": 1e-3}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1}),
    ("rmsprop", {"lr": 0.001, "alpha": 0.5}),
    ("adam", {"lr": 1e-3}),
    ("adam", {"lr": 0.01, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    ("adam", {"lr": 0.1, "eps": 1e-3}),
    ("adamw", {"lr": 1e-3}),
    ("adamw", {"lr": 0.01, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    ("adamw", {"lr": 0.1, "weight_decay": 0.0}),
]
SETTING_IDS = [f"{kind}-" + "-".join(f"{k}={v}" for k, v in hyper.items()) for kind, hyper in SETTINGS]


def _torch_state(optimizer: torch.optim.Optimizer, param: torch.Tensor) -> dict:
    return optimizer.state[param]


def run_side_by_side(kind, hyper, grads_from, steps=100, shape=(4, 3), device="cpu", seed=0, scale=1.0):
    """Run ours and torch's for ``steps`` steps; return the largest parameter difference seen."""
    g = torch.Generator().manual_seed(seed)
    start = torch.randn(shape, generator=g, dtype=F64).to(device)
    theirs = start.clone().requires_grad_()
    optimizer = TORCH[kind]([theirs], **hyper)
    ours, stepper = start.clone(), Stepper(kind, start, hyper)
    worst = 0.0
    for _ in range(steps):
        grad_theirs, grad_ours = grads_from(theirs.detach(), ours, g, scale)
        theirs.grad = grad_theirs
        optimizer.step()
        ours = stepper(ours, grad_ours)
        torch.testing.assert_close(ours, theirs.detach(), **TOL)
        worst = max(worst, (ours - theirs.detach()).abs().max().item())
    for name, value in stepper.state.items():
        if value is not None:
            torch.testing.assert_close(value, _torch_state(optimizer, theirs)[name], **TOL)
    return worst


def random_gradients(theirs, ours, g, scale):
    grad = (scale * torch.randn(theirs.shape, generator=g, dtype=F64)).to(theirs.device)
    return grad.clone(), grad.clone()


_DATA_GEN = torch.Generator().manual_seed(123)
_X = torch.randn(32, 4, generator=_DATA_GEN, dtype=F64)  # (N, D)
_Y = torch.randint(0, 3, (32,), generator=_DATA_GEN)  # (N,) classes


def _loss(w: torch.Tensor) -> torch.Tensor:
    """A softmax-regression loss on fixed data, as a function of a (D, K) = (4, 3) weight matrix."""
    return torch.nn.functional.cross_entropy(_X.to(w.device) @ w, _Y.to(w.device))


def loss_gradients(theirs, ours, g, scale):
    out = []
    for w in (theirs, ours):
        leaf = w.detach().clone().requires_grad_()
        out.append(torch.autograd.grad(_loss(leaf), leaf)[0])
    return out[0], out[1]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(("kind", "hyper"), SETTINGS, ids=SETTING_IDS)
def test_steps_match_torch_optim_over_100_steps_of_random_gradients(kind, hyper, device):
    run_side_by_side(kind, hyper, random_gradients, device=device)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(("kind", "hyper"), SETTINGS, ids=SETTING_IDS)
def test_steps_match_torch_optim_over_100_steps_on_a_softmax_regression_loss(kind, hyper, device):
    run_side_by_side(kind, hyper, loss_gradients, device=device)


@pytest.mark.parametrize(("kind", "hyper"), SETTINGS, ids=SETTING_IDS)
@pytest.mark.parametrize("scale", [1e150, 1e-150, 0.0])
def test_steps_match_torch_optim_on_huge_tiny_and_zero_gradients(kind, hyper, scale):
    run_side_by_side(kind, hyper, random_gradients, steps=20, scale=scale)


@pytest.mark.parametrize(("kind", "hyper"), SETTINGS, ids=SETTING_IDS)
def test_steps_match_torch_optim_in_float32(kind, hyper):
    start = torch.randn(6, generator=torch.Generator().manual_seed(1))
    theirs = start.clone().requires_grad_()
    optimizer = TORCH[kind]([theirs], **hyper)
    ours, stepper = start.clone(), Stepper(kind, start, hyper)
    g = torch.Generator().manual_seed(2)
    for _ in range(20):
        grad = torch.randn(6, generator=g)
        theirs.grad = grad.clone()
        optimizer.step()
        ours = stepper(ours, grad)
        assert ours.dtype == torch.float32
        torch.testing.assert_close(ours, theirs.detach(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("kind", "hyper"), SETTINGS, ids=SETTING_IDS)
def test_steps_leave_their_arguments_unchanged(kind, hyper):
    g = torch.Generator().manual_seed(4)
    param = torch.randn(5, generator=g, dtype=F64)
    stepper = Stepper(kind, param, hyper)
    for _ in range(3):
        grad = torch.randn(5, generator=g, dtype=F64)
        before = (param.clone(), grad.clone(), {k: None if v is None else v.clone() for k, v in stepper.state.items()})
        state = dict(stepper.state)
        new = stepper(param, grad)
        torch.testing.assert_close(param, before[0], rtol=0, atol=0)
        torch.testing.assert_close(grad, before[1], rtol=0, atol=0)
        for name, value in state.items():
            if value is not None:
                torch.testing.assert_close(value, before[2][name], rtol=0, atol=0)
        param = new


def test_momentum_buffer_starts_as_the_first_gradient_without_dampening():
    param, grad = torch.zeros(3, dtype=F64), torch.tensor([1.0, -2.0, 3.0], dtype=F64)
    _, buffer = ref.sgd_momentum_step(param, grad, None, lr=0.1, momentum=0.9, dampening=0.5)
    torch.testing.assert_close(buffer, grad)
    _, none = ref.sgd_momentum_step(param, grad, None, lr=0.1)
    assert none is None


def test_adam_first_step_moves_each_coordinate_by_lr():
    grad = torch.tensor([1e-3, -5.0, 200.0], dtype=F64)
    zeros = torch.zeros(3, dtype=F64)
    param, _, _ = ref.adam_step(zeros, grad, zeros, zeros, 1, lr=0.01, eps=0.0)
    torch.testing.assert_close(param, -0.01 * grad.sign())


def test_adamw_and_adam_differ_only_when_weight_decay_is_on():
    g = torch.Generator().manual_seed(5)
    param, grad = torch.randn(4, generator=g, dtype=F64), torch.randn(4, generator=g, dtype=F64)
    m, v = 0.1 * torch.randn(4, generator=g, dtype=F64), torch.rand(4, generator=g, dtype=F64)
    same = [f(param, grad, m, v, 3, lr=0.01, weight_decay=0.0) for f in (ref.adam_step, ref.adamw_step)]
    torch.testing.assert_close(same[0], same[1])
    different = [f(param, grad, m, v, 3, lr=0.01, weight_decay=0.5)[0] for f in (ref.adam_step, ref.adamw_step)]
    assert not torch.allclose(*different)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda p: ref.sgd_momentum_step(p, p, None, lr=-0.1), "lr"),
        (lambda p: ref.sgd_momentum_step(p, p, None, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "nesterov"),
        (lambda p: ref.sgd_momentum_step(p, p, None, lr=0.1, nesterov=True), "nesterov"),
        (lambda p: ref.sgd_momentum_step(p, p[:1], None, lr=0.1), "grad"),
        (lambda p: ref.sgd_momentum_step(p, p, p[:1], lr=0.1, momentum=0.9), "momentum_buffer"),
        (lambda p: ref.adagrad_step(p, p, p, 0), "step"),
        (lambda p: ref.adagrad_step(p, p, p, 1.5), "step"),
        (lambda p: ref.adagrad_step(p, p, p, 1, eps=-1.0), "eps"),
        (lambda p: ref.rmsprop_step(p, p, p, alpha=1.5), "alpha"),
        (lambda p: ref.rmsprop_step(p, p, p[:1]), "square_avg"),
        (lambda p: ref.adam_step(p, p, p, p, 1, betas=(1.0, 0.999)), "betas"),
        (lambda p: ref.adam_step(p, p, p, p, 1, betas=(0.9,)), "betas"),
        (lambda p: ref.adam_step(p, p, p, p[:1], 1), "exp_avg_sq"),
        (lambda p: ref.adamw_step(p, p, p, p, 1, weight_decay=-0.1), "weight_decay"),
        (lambda p: ref.adamw_step(p, p, p, p, -2), "step"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_them(call, match):
    with pytest.raises(ValueError, match=match):
        call(torch.zeros(2, dtype=F64))


def test_a_non_tensor_param_is_a_type_error():
    with pytest.raises(TypeError, match="param"):
        ref.adam_step([1.0], torch.zeros(1), torch.zeros(1), torch.zeros(1), 1)
