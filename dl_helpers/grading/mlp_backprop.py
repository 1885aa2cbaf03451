"""Chapter 04 exercises: GELU, backward passes by hand, gradient checking, and the scalar autodiff engine."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn, uniform as _uniform, random_shape as _random_shape
from dl_helpers.grading.exercise import Case, Exercise, Mistake, register
from dl_helpers.reference.autodiff import Value, tanh_op


AUTOGRAD = (
    "torch.autograd.grad",
    "torch.autograd.backward",
    "torch.Tensor.backward",
    "torch.autograd.functional.jacobian",
    "torch.autograd.functional.vjp",
    "torch.func.grad",
    "torch.func.vjp",
    "torch.func.jacrev",
)


# -- gelu ------------------------------------------------------------------------------------

_INV_SQRT2 = 1.0 / math.sqrt(2.0)


def _gelu_fixed() -> list[Case]:
    x = torch.tensor([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0], dtype=F64)
    batch = torch.tensor([[0.1, -2.0, 1.5], [4.0, -0.3, 0.7]], dtype=F64)
    return [
        Case("x = [-3, -1, -0.5, 0, 0.5, 1, 3]", (x,)),
        Case("a 2 x 3 batch", (batch,)),
        Case("x = [-3, -1, -0.5, 0, 0.5, 1, 3], approximate='tanh'", (x,), {"approximate": "tanh"}),
    ]


def _gelu_random(gen: torch.Generator) -> Case:
    shape = _random_shape(gen)
    approximate = "tanh" if _randint(gen, 0, 3) == 0 else "none"
    return Case(f"random {shape}, approximate={approximate!r}", (3 * _randn(gen, *shape),), {"approximate": approximate})


def _gelu_edge() -> list[Case]:
    far = torch.tensor([-1e3, -50.0, -8.0, 8.0, 50.0, 1e3], dtype=F64)
    tiny = torch.tensor([-1e-12, -0.0, 1e-300, 1e-12], dtype=F64)
    return [
        Case("far from 0: x = ±8, ±50, ±1000", (far,)),
        Case("far from 0, approximate='tanh' (x^3 is 1e9)", (far,), {"approximate": "tanh"}),
        Case("tiny values and -0.0", (tiny,)),
        Case("a single value", (torch.tensor([0.25], dtype=F64),)),
    ]


def _gelu_exact_or(wrong_exact: Callable[[Tensor], Tensor]) -> Callable:
    """A GELU that is right for approximate='tanh' and wrong (as given) for the exact form."""
    return lambda input, approximate="none": ref.gelu(input, "tanh") if approximate == "tanh" else wrong_exact(input)


register(
    Exercise(
        name="gelu",
        reference=ref.gelu,
        fixed_cases=_gelu_fixed,
        random_case=_gelu_random,
        edge_cases=_gelu_edge,
        differentiable=("input",),
        mistakes=(
            Mistake(
                "tanh_for_exact",
                "with approximate='none' you used the tanh approximation; the default is the exact x * Phi(x) with Phi(x) = (1 + erf(x / sqrt(2))) / 2.",
                lambda input, approximate="none": ref.gelu(input, "tanh"),
            ),
            Mistake(
                "erf_without_sqrt2",
                "you wrote erf(x) where the normal CDF needs erf(x / sqrt(2)): Phi(x) = (1 + erf(x / sqrt(2))) / 2.",
                _gelu_exact_or(lambda x: 0.5 * x * (1 + torch.erf(x))),
            ),
            Mistake(
                "missing_half",
                "your GELU is twice too large: Phi(x) = (1 + erf(x / sqrt(2))) / 2 has a factor 1/2 (the curve must approach y = x for large x).",
                _gelu_exact_or(lambda x: x * (1 + torch.erf(x * _INV_SQRT2))),
            ),
            Mistake(
                "erf_as_cdf",
                "you used erf itself as the normal CDF; Phi(x) = (1 + erf(x / sqrt(2))) / 2, which runs from 0 to 1 (erf runs from -1 to 1).",
                _gelu_exact_or(lambda x: x * torch.erf(x * _INV_SQRT2)),
            ),
            Mistake(
                "sigmoid_approximation",
                "you used the sigmoid approximation x * sigmoid(1.702 x); F.gelu's default is the exact x * Phi(x) with erf.",
                _gelu_exact_or(lambda x: x * torch.sigmoid(1.702 * x)),
            ),
            Mistake(
                "approximate_ignored",
                "you ignored approximate='tanh': it asks for 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).",
                lambda input, approximate="none": ref.gelu(input),
            ),
        ),
        forbidden=("torch.nn.functional.gelu", "torch._C._nn.gelu", "torch.nn.GELU.forward"),
    )
)


# -- relu_backward ---------------------------------------------------------------------------


def _relu_backward_fixed() -> list[Case]:
    grad_output = torch.tensor([1.5, -2.0, 0.5, 3.0, -1.0, 2.0], dtype=F64)
    x = torch.tensor([-1.0, 0.0, 2.0, -0.5, 1.0, 0.0], dtype=F64)
    gen = torch.Generator().manual_seed(4)
    batch = _randn(gen, 2, 3).round(decimals=1)
    batch[0, 1] = 0.0
    return [
        Case("6 values, two of them exactly 0", (grad_output, x)),
        Case("a 2 x 3 batch", (_randn(gen, 2, 3), batch)),
    ]


def _relu_backward_random(gen: torch.Generator) -> Case:
    shape = _random_shape(gen)
    x = _randn(gen, *shape).round(decimals=1)  # rounding leaves some exact zeros
    return Case(f"random {shape}", (_randn(gen, *shape), x))


def _relu_backward_edge() -> list[Case]:
    return [
        Case("every input negative", (torch.ones(2, 3, dtype=F64), -torch.arange(1.0, 7.0, dtype=F64).reshape(2, 3))),
        Case("-0.0 and tiny inputs", (torch.ones(4, dtype=F64), torch.tensor([-0.0, 1e-300, -1e-300, 0.0], dtype=F64))),
        Case("grad_output of 1e300", (torch.tensor([1e300, -1e300], dtype=F64), torch.tensor([2.0, 3.0], dtype=F64))),
        Case("a single element", (torch.tensor([-4.0], dtype=F64), torch.tensor([0.5], dtype=F64))),
    ]


register(
    Exercise(
        name="relu_backward",
        reference=ref.relu_backward,
        fixed_cases=_relu_backward_fixed,
        random_case=_relu_backward_random,
        edge_cases=_relu_backward_edge,
        mistakes=(
            Mistake(
                "mask_includes_zero",
                "you let the gradient through where input == 0 (input >= 0); PyTorch takes ReLU's derivative at 0 to be 0, so use input > 0.",
                lambda grad_output, input: grad_output * (input >= 0).to(grad_output.dtype),
            ),
            Mistake(
                "mask_without_grad_output",
                "you returned ReLU's derivative (the 0/1 mask) alone; the chain rule multiplies it by grad_output.",
                lambda grad_output, input: (input > 0).to(grad_output.dtype),
            ),
            Mistake(
                "mask_from_grad_output",
                "you masked by the sign of grad_output; which units pass gradient depends on the forward input: keep grad_output where input > 0.",
                lambda grad_output, input: grad_output * (grad_output > 0).to(grad_output.dtype),
            ),
            Mistake(
                "multiplied_by_input",
                "you multiplied by the input (or by relu(input)); ReLU's derivative is 1 for input > 0, so keep grad_output unchanged there.",
                lambda grad_output, input: grad_output * ref.relu(input),
            ),
            Mistake(
                "mask_inverted",
                "your mask is inverted: the gradient passes where input > 0 and is 0 where input <= 0.",
                lambda grad_output, input: grad_output * (input <= 0).to(grad_output.dtype),
            ),
            Mistake(
                "forward_instead_of_backward",
                "you returned relu(input), the forward pass; the backward pass returns dL/dinput = grad_output where input > 0, else 0.",
                lambda grad_output, input: ref.relu(input),
            ),
        ),
        forbidden=AUTOGRAD,
    )
)


# -- linear_backward -------------------------------------------------------------------------


def _linear_case(gen: torch.Generator, n: int, d: int, k: int, label: str) -> Case:
    return Case(label, (_randn(gen, n, k), _randn(gen, n, d), _randn(gen, k, d)))


def _linear_backward_fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(1)
    return [
        _linear_case(gen, 4, 3, 3, "4 samples, 3 features, 3 outputs (a square weight)"),
        _linear_case(gen, 2, 3, 1, "2 samples, 3 features, 1 output"),
        _linear_case(gen, 5, 2, 4, "5 samples, 2 features, 4 outputs"),
    ]


def _linear_backward_random(gen: torch.Generator) -> Case:
    n, d, k = _randint(gen, 1, 8), _randint(gen, 1, 6), _randint(gen, 1, 6)
    return _linear_case(gen, n, d, k, f"random N={n}, D={d}, K={k}")


def _linear_backward_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(2)
    big = _linear_case(gen, 3, 2, 2, "")
    return [
        _linear_case(gen, 1, 4, 3, "a single sample"),
        _linear_case(gen, 6, 1, 1, "one feature, one output"),
        Case("grad_output all zero", (torch.zeros(3, 2, dtype=F64), _randn(gen, 3, 4), _randn(gen, 2, 4))),
        Case("values of 1e100", tuple(1e100 * t for t in big.args)),
    ]


def _lb(grad_output: Tensor, x: Tensor, weight: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    return grad_output @ weight, grad_output.mT @ x, grad_output.sum(dim=0)


register(
    Exercise(
        name="linear_backward",
        reference=ref.linear_backward,
        fixed_cases=_linear_backward_fixed,
        random_case=_linear_backward_random,
        edge_cases=_linear_backward_edge,
        mistakes=(
            Mistake(
                "grad_weight_transposed",
                "grad_weight is transposed (x^T @ grad_output, shape (D, K)); it must have weight's shape (K, D): grad_output^T @ x. A missing transpose.",
                lambda g, x, w: (g @ w, x.mT @ g, g.sum(dim=0)),
            ),
            Mistake(
                "bias_not_summed",
                "grad_bias has one row per sample; the bias is shared by all N samples, so sum grad_output over the batch (dim 0) to get shape (K,).",
                lambda g, x, w: (g @ w, g.mT @ x, g),
            ),
            Mistake(
                "divided_by_batch",
                "you divided by the batch size; grad_output already carries the loss' 1/N, so the layer sums over the batch without averaging again.",
                lambda g, x, w: (g @ w, g.mT @ x / x.shape[0], g.sum(dim=0) / x.shape[0]),
            ),
            Mistake(
                "grad_x_weight_transposed",
                "grad_x multiplies by weight^T; since y = x W^T, dL/dx = grad_output @ weight (shape (N, K) @ (K, D) = (N, D)), with no transpose.",
                lambda g, x, w: (g @ w.mT, g.mT @ x, g.sum(dim=0)),
            ),
            Mistake(
                "bias_summed_over_outputs",
                "you summed the bias gradient over the outputs (dim 1); sum over the batch (dim 0), leaving one entry per output.",
                lambda g, x, w: (g @ w, g.mT @ x, g.sum(dim=1)),
            ),
            Mistake(
                "wrong_order",
                "the gradients are in the wrong order: return (grad_x, grad_weight, grad_bias).",
                lambda g, x, w: tuple(reversed(_lb(g, x, w))),
            ),
        ),
        forbidden=AUTOGRAD,
    )
)


# -- softmax_cross_entropy_backward ----------------------------------------------------------


def _ce_fixed() -> list[Case]:
    logits = torch.tensor([[2.0, 1.0, 0.1, -1.0], [0.5, 0.5, 2.5, 1.0], [-1.0, 3.0, 0.0, 0.2]], dtype=F64)
    gen = torch.Generator().manual_seed(3)
    return [
        Case("3 samples, 4 classes", (logits, torch.tensor([0, 3, 1]))),
        Case("1 sample, 2 classes", (torch.tensor([[1.0, -1.0]], dtype=F64), torch.tensor([1]))),
        Case("5 samples, 3 classes", (2 * _randn(gen, 5, 3), torch.tensor([2, 0, 1, 1, 2]))),
        Case("logits around 1000 (exp(1000) overflows)", (torch.tensor([[1000.0, 999.0, 990.0], [-5.0, 1000.0, 0.0]], dtype=F64), torch.tensor([1, 1]))),
    ]


def _ce_random(gen: torch.Generator) -> Case:
    n, k = _randint(gen, 1, 10), _randint(gen, 2, 8)
    target = torch.randint(0, k, (n,), generator=gen)
    scale = (3.0, 1000.0)[_randint(gen, 0, 1)]  # half the cases have logits that overflow a naive exp
    return Case(f"random N={n}, K={k}, logits of scale {scale:g}", (scale * _randn(gen, n, k), target))


def _ce_edge() -> list[Case]:
    return [
        Case("logits of -1000 (exp underflows to 0)", (torch.tensor([[-1000.0, -1001.0, -1010.0]], dtype=F64), torch.tensor([2]))),
        Case("equal logits", (torch.zeros(2, 5, dtype=F64), torch.tensor([4, 0]))),
        Case("a confident correct prediction", (torch.tensor([[40.0, 0.0, 0.0]], dtype=F64), torch.tensor([0]))),
        Case("logits of -1e4 and 0", (torch.tensor([[-1e4, 0.0], [0.0, -1e4]], dtype=F64), torch.tensor([0, 0]))),
    ]


def _one_hot(input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
    return (target[:, None] == torch.arange(input.shape[1], device=input.device)).to(input.dtype)


def _naive_softmax(input: Tensor, dim: int = 1) -> Tensor:  # noqa: A002
    e = torch.exp(input)
    return e / e.sum(dim=dim, keepdim=True)


register(
    Exercise(
        name="softmax_cross_entropy_backward",
        reference=ref.softmax_cross_entropy_backward,
        fixed_cases=_ce_fixed,
        random_case=_ce_random,
        edge_cases=_ce_edge,
        mistakes=(
            Mistake(
                "not_divided_by_batch",
                "you forgot to divide by the batch size N: F.cross_entropy averages over the N samples, so the gradient is (softmax(o) - onehot(y)) / N.",
                lambda input, target: ref.softmax(input, 1) - _one_hot(input, target),
            ),
            Mistake(
                "one_hot_missing",
                "you left out the one-hot target: the gradient is (softmax(o) - onehot(y)) / N, so the true class' entry is lowered by 1/N.",
                lambda input, target: ref.softmax(input, 1) / input.shape[0],
            ),
            Mistake(
                "wrong_sign",
                "your gradient has the wrong sign: it is softmax(o) minus the one-hot target (raising the true class' logit lowers the loss).",
                lambda input, target: (_one_hot(input, target) - ref.softmax(input, 1)) / input.shape[0],
            ),
            Mistake(
                "softmax_over_batch",
                "you took the softmax over dim 0 (the batch); normalise each row over the classes (dim 1).",
                lambda input, target: (ref.softmax(input, 0) - _one_hot(input, target)) / input.shape[0],
            ),
            Mistake(
                "divided_by_all_elements",
                "you divided by N * K, the number of logits; F.cross_entropy's mean runs over the N samples only.",
                lambda input, target: (ref.softmax(input, 1) - _one_hot(input, target)) / input.numel(),
            ),
            Mistake(
                "log_probabilities",
                "you used log-probabilities; the gradient of the cross-entropy uses the probabilities softmax(o) themselves.",
                lambda input, target: (ref.log_softmax(input, 1) - _one_hot(input, target)) / input.shape[0],
            ),
            Mistake(
                "softmax_overflows",
                "your softmax overflows for large logits (exp(1000) = inf, and inf / inf = NaN): subtract each row's maximum before exp.",
                lambda input, target: (_naive_softmax(input) - _one_hot(input, target)) / input.shape[0],
            ),
        ),
        forbidden=(*AUTOGRAD, "torch.nn.functional.cross_entropy", "torch._C._nn.cross_entropy_loss"),
    )
)


# -- numerical_gradient ----------------------------------------------------------------------


class ScalarFunction:
    """A function of a tensor, shown in failure messages by its formula rather than its address."""

    def __init__(self, formula: str, fn: Callable[[Tensor], Tensor]):
        self.formula = formula
        self.fn = fn

    def __call__(self, x: Tensor) -> Tensor:
        return self.fn(x)

    def __repr__(self) -> str:
        return f"f(x) = {self.formula}"


FUNCTIONS = (
    ScalarFunction("logsumexp(3x)", lambda x: torch.logsumexp(3 * x.reshape(-1), dim=0)),
    ScalarFunction("sum(x sin(3x))", lambda x: (x * torch.sin(3 * x)).sum()),
    ScalarFunction("sum(exp(x / 2))", lambda x: torch.exp(x / 2).sum()),
    ScalarFunction("sum(x)^2 + sum(x^3)", lambda x: x.sum() ** 2 + (x**3).sum()),
    ScalarFunction("prod(1 + tanh(x))", lambda x: (1 + torch.tanh(x)).prod()),
)


def _numgrad_fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(5)
    return [
        Case("f(x) = logsumexp(3x), x of shape (2, 3), eps=1e-3", (FUNCTIONS[0], _randn(gen, 2, 3)), {"eps": 1e-3}),
        Case("f(x) = sum(x sin(3x)), x of shape (4,), the default eps", (FUNCTIONS[1], _randn(gen, 4))),
        Case("f(x) = sum(x)^2 + sum(x^3), x of shape (3,), eps=1e-4", (FUNCTIONS[3], _randn(gen, 3)), {"eps": 1e-4}),
    ]


def _numgrad_random(gen: torch.Generator) -> Case:
    f = FUNCTIONS[_randint(gen, 0, len(FUNCTIONS) - 1)]
    shape = _random_shape(gen, max_dims=3, max_size=3)
    eps = (1e-3, 1e-4, 1e-5, 1e-6)[_randint(gen, 0, 3)]
    return Case(f"{f!r}, random x of shape {shape}, eps={eps:g}", (f, _randn(gen, *shape)), {"eps": eps})


def _numgrad_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(6)
    return [
        Case("a 0-dim input, f(x) = sum(exp(x / 2))", (FUNCTIONS[2], torch.tensor(0.7, dtype=F64))),
        Case("a linear function f(x) = sum(x) (slope 1 everywhere)", (ScalarFunction("sum(x)", lambda x: x.sum()), _randn(gen, 2, 2))),
        Case("a constant function (gradient 0)", (ScalarFunction("3", lambda x: torch.ones((), dtype=x.dtype, device=x.device) * 3), _randn(gen, 3))),
        Case("a single-element input of size 1e3", (FUNCTIONS[1], torch.tensor([1e3], dtype=F64)), {"eps": 1e-3}),
    ]


def _central(f: Callable, input: Tensor, eps: float, *, step: float = 1.0, divisor: float = 2.0,  # noqa: A002
             one_sided: bool = False, restore: bool = True) -> Tensor:
    """Finite differences with a chosen defect; the defaults give the right central differences."""
    x = input.detach().clone(memory_format=torch.contiguous_format)
    flat = x.view(-1)
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        if restore:
            original = flat[i].clone()
            flat[i] = original + eps
            f_plus = torch.as_tensor(f(x), dtype=x.dtype).clone()
            flat[i] = original if one_sided else original - eps
            f_minus = torch.as_tensor(f(x), dtype=x.dtype).clone()
            flat[i] = original
        else:
            flat[i] += eps
            f_plus = torch.as_tensor(f(x), dtype=x.dtype).clone()
            flat[i] -= 2 * eps
            f_minus = torch.as_tensor(f(x), dtype=x.dtype).clone()
        grad[i] = step * (f_plus - f_minus) / ((1.0 if one_sided else divisor) * eps)
    return grad.view(input.shape)


def _all_at_once(f: Callable, input: Tensor, eps: float = 1e-6) -> Tensor:  # noqa: A002
    slope = (torch.as_tensor(f(input + eps)) - torch.as_tensor(f(input - eps))) / (2 * eps)
    return torch.full_like(input, float(slope))


register(
    Exercise(
        name="numerical_gradient",
        reference=ref.numerical_gradient,
        fixed_cases=_numgrad_fixed,
        random_case=_numgrad_random,
        edge_cases=_numgrad_edge,
        mistakes=(
            Mistake(
                "one_sided",
                "you used one-sided differences (f(x + eps e_i) - f(x)) / eps, whose error shrinks only like eps; use central differences (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), whose error shrinks like eps^2.",
                lambda f, input, eps=1e-6: _central(f, input, eps, one_sided=True),
            ),
            Mistake(
                "divided_by_eps",
                "your gradient is twice too large: f(x + eps e_i) and f(x - eps e_i) are 2 eps apart, so divide their difference by 2 * eps.",
                lambda f, input, eps=1e-6: _central(f, input, eps, divisor=1.0),
            ),
            Mistake(
                "all_coordinates_at_once",
                "you moved every coordinate at once (x + eps), which measures the slope along (1, 1, ..., 1) and puts it in every entry; perturb one coordinate at a time.",
                _all_at_once,
            ),
            Mistake(
                "perturbation_not_restored",
                "you did not undo each perturbation, so every later coordinate was measured at a shifted point; put x[i] back to its original value before moving on.",
                lambda f, input, eps=1e-6: _central(f, input, eps, restore=False),
            ),
            Mistake(
                "wrong_sign",
                "your gradient has the wrong sign: it is (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), the value at the larger x first.",
                lambda f, input, eps=1e-6: _central(f, input, eps, step=-1.0),
            ),
            Mistake(
                "flattened",
                "you returned a flat vector; return the gradient in input's shape (reshape the flat result back with .view(input.shape)).",
                lambda f, input, eps=1e-6: _central(f, input, eps).reshape(-1),
            ),
        ),
        forbidden=AUTOGRAD,
    )
)


# -- mlp_backward ----------------------------------------------------------------------------


def _mlp_case(gen: torch.Generator, n: int, d: int, m: int, k: int, label: str, active: bool = True) -> Case:
    x = _randn(gen, n, d)
    weight1, bias1 = _randn(gen, m, d) / math.sqrt(d), 0.5 * _randn(gen, m)
    hidden = ref.relu(x @ weight1.mT + bias1) if active else torch.zeros(n, m, dtype=F64)  # (N, M)
    weight2 = _randn(gen, k, m)
    grad_output = _randn(gen, n, k) / n
    return Case(label, (grad_output, x, hidden, weight2))


def _mlp_fixed() -> list[Case]:
    gen = torch.Generator().manual_seed(7)
    return [
        _mlp_case(gen, 4, 3, 3, 3, "4 samples, D = 3 inputs, M = 3 hidden units, K = 3 outputs"),
        _mlp_case(gen, 5, 4, 6, 2, "5 samples, D = 4, M = 6, K = 2"),
        _mlp_case(gen, 1, 2, 3, 4, "1 sample, D = 2, M = 3, K = 4"),
    ]


def _mlp_random(gen: torch.Generator) -> Case:
    n, d, m, k = _randint(gen, 1, 8), _randint(gen, 1, 5), _randint(gen, 1, 6), _randint(gen, 1, 4)
    return _mlp_case(gen, n, d, m, k, f"random N={n}, D={d}, M={m}, K={k}")


def _mlp_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(8)
    return [
        _mlp_case(gen, 3, 2, 4, 2, "every hidden unit inactive (hidden = 0)", active=False),
        _mlp_case(gen, 6, 3, 1, 2, "one hidden unit"),
        _mlp_case(gen, 20, 8, 16, 10, "20 samples, D = 8, M = 16, K = 10"),
    ]


def _mlp_with(g: Tensor, x: Tensor, h: Tensor, w2: Tensor, *, mask: bool = True, transpose_w2: bool = False,
              sum_bias: bool = True, scale: float = 1.0, swap_inputs: bool = False) -> tuple[Tensor, ...]:
    """mlp_backward with a chosen defect; the defaults give the right gradients."""
    grad_hidden = g @ (w2.mT if transpose_w2 else w2)  # (N, M)
    grad_pre = grad_hidden * (h > 0).to(g.dtype) if mask else grad_hidden
    first_input, second_input = (h, x) if swap_inputs else (x, h)
    bias = (lambda t: t.sum(dim=0)) if sum_bias else (lambda t: t)
    return (
        scale * grad_pre.mT @ first_input,
        scale * bias(grad_pre),
        scale * g.mT @ second_input,
        scale * bias(g),
    )


register(
    Exercise(
        name="mlp_backward",
        reference=ref.mlp_backward,
        fixed_cases=_mlp_fixed,
        random_case=_mlp_random,
        edge_cases=_mlp_edge,
        mistakes=(
            Mistake(
                "relu_mask_missing",
                "no gradient may flow through a hidden unit the ReLU switched off: multiply dL/dhidden by (hidden > 0) before the first layer.",
                lambda g, x, h, w2: _mlp_with(g, x, h, w2, mask=False),
            ),
            Mistake(
                "weight2_transposed",
                "to go back through the second layer multiply by weight2 itself: logits = hidden W2^T + b2, so dL/dhidden = grad_output @ weight2 (shape (N, M)).",
                lambda g, x, h, w2: _mlp_with(g, x, h, w2, transpose_w2=True),
            ),
            Mistake(
                "bias_not_summed",
                "a bias gradient has one row per sample; each bias is shared by the whole batch, so sum over dim 0 (shapes (M,) and (K,)).",
                lambda g, x, h, w2: _mlp_with(g, x, h, w2, sum_bias=False),
            ),
            Mistake(
                "divided_by_batch",
                "you divided by the batch size; grad_output already holds the 1/N of the mean loss, so the layers only sum over the batch.",
                lambda g, x, h, w2: _mlp_with(g, x, h, w2, scale=1.0 / x.shape[0]),
            ),
            Mistake(
                "layer_inputs_swapped",
                "each weight's gradient uses that layer's own input: hidden for weight2 (G^T h) and x for weight1 ((dL/dz)^T x).",
                lambda g, x, h, w2: _mlp_with(g, x, h, w2, swap_inputs=True),
            ),
            Mistake(
                "wrong_order",
                "the gradients are in the wrong order: return (grad_weight1, grad_bias1, grad_weight2, grad_bias2).",
                lambda g, x, h, w2: (lambda r: (r[2], r[3], r[0], r[1]))(_mlp_with(g, x, h, w2)),
            ),
        ),
        forbidden=(
            *AUTOGRAD,
            "dl_helpers.reference.backprop.linear_backward",
            "dl_helpers.reference.activations.relu_backward",
        ),
    )
)


# -- tanh_op ---------------------------------------------------------------------------------


def _tanh_op_fixed() -> list[Case]:
    return [Case("a = 0.5", (0.5,)), Case("a = -1.2", (-1.2,)), Case("a = 2.0", (2.0,))]


def _tanh_op_random(gen: torch.Generator) -> Case:
    a = _uniform(gen, -4.0, 4.0)
    return Case(f"a = {a:.4g}", (a,))


def _tanh_op_edge() -> list[Case]:
    return [Case("a = 0", (0.0,)), Case("a = 30 (saturated: tanh = 1)", (30.0,)), Case("a = -1e-8", (-1e-8,)), Case("a = -3", (-3,))]


register(
    Exercise(
        name="tanh_op",
        reference=tanh_op,
        fixed_cases=_tanh_op_fixed,
        random_case=_tanh_op_random,
        edge_cases=_tanh_op_edge,
        mistakes=(
            Mistake(
                "derivative_from_input",
                "you wrote 1 - a^2 with the input a; the derivative of tanh is 1 - tanh(a)^2, one minus the squared output.",
                lambda a: (math.tanh(a), (1.0 - a * a,)),
            ),
            Mistake(
                "local_grads_not_a_tuple",
                "return the local derivatives as a tuple with one entry per input, even for a one-input operation: (t, (1 - t * t,)).",
                lambda a: (math.tanh(a), 1.0 - math.tanh(a) ** 2),
            ),
            Mistake(
                "sigmoid_derivative",
                "t * (1 - t) is the sigmoid's derivative written with its output; tanh's is 1 - t^2.",
                lambda a: (math.tanh(a), (math.tanh(a) * (1.0 - math.tanh(a)),)),
            ),
            Mistake(
                "plus_sign",
                "the derivative of tanh is 1 - tanh(a)^2, with a minus sign (it is at most 1, at a = 0).",
                lambda a: (math.tanh(a), (1.0 + math.tanh(a) ** 2,)),
            ),
            Mistake(
                "not_squared",
                "the derivative of tanh is 1 - tanh(a)^2: square the output.",
                lambda a: (math.tanh(a), (1.0 - math.tanh(a),)),
            ),
            Mistake(
                "output_missing",
                "the first item must be the operation's output tanh(a), the second the tuple of local derivatives.",
                lambda a: (a, (1.0 - math.tanh(a) ** 2,)),
            ),
        ),
    )
)


# -- grad (the backward pass of the engine) -------------------------------------------------


def _graph_fixed() -> list[Case]:
    a, b = Value(2.0), Value(-1.5)
    u = a * b + a  # a is used twice, and u three times
    f1 = u * u.apply(tanh_op) + a * u + b
    x = Value(3.0)
    p, q = Value(0.5), Value(-2.0)
    s = p.apply(tanh_op)
    f3 = (s * q + s.exp()) * s
    return [
        Case("f = u * tanh(u) + a * u + b with u = a * b + a (a=2, b=-1.5)", (f1, (a, b))),
        Case("f = x * x (one node used twice by one operation)", (x * x, (x,))),
        Case("f = (s * q + exp(s)) * s with s = tanh(p) (p=0.5, q=-2)", (f3, (p, q))),
    ]


def _random_graph(gen: torch.Generator) -> tuple[Value, tuple[Value, ...], int]:
    n_inputs = _randint(gen, 1, 4)
    inputs = tuple(Value(_uniform(gen, -2.0, 2.0)) for _ in range(n_inputs))
    pool: list[Value] = list(inputs)
    operations = (
        lambda a, b: a + b,
        lambda a, b: a * b,
        lambda a, b: a - 0.5 * b,
        lambda a, b: a / (1 + b**2),
        lambda a, b: a.apply(tanh_op),
        lambda a, b: a.apply(tanh_op).exp(),
        lambda a, b: a.relu() + b,
        lambda a, b: a**2,
    )
    n_ops = _randint(gen, 2, 20)
    for _ in range(n_ops):
        op = operations[_randint(gen, 0, len(operations) - 1)]
        a = pool[_randint(gen, 0, len(pool) - 1)]
        b = pool[_randint(gen, 0, len(pool) - 1)]
        pool.append(op(a, b))
    output = pool[-1] + pool[_randint(gen, 0, len(pool) - 1)]  # reuse an earlier node near the top
    return output, inputs, n_ops


def _graph_random(gen: torch.Generator) -> Case:
    output, inputs, n_ops = _random_graph(gen)
    return Case(f"a random graph: {len(inputs)} inputs, {n_ops + 1} operations, nodes reused", (output, inputs))


def _graph_edge() -> list[Case]:
    a, b = Value(1.5), Value(-0.5)
    chain = Value(0.9)
    y = chain
    for _ in range(200):
        y = y * 1.01 + 0.001
    c = Value(0.3)
    return [
        Case("the output is an input: f = a", (a, (a, b))),
        Case("an input f does not depend on: f = 3 a + 2", (3.0 * a + 2.0, (b, a))),
        Case("a chain of 200 steps y = 1.01 y + 0.001", (y, (chain,))),
        Case("the same input asked for twice: f = tanh(c)^2", (c.apply(tanh_op) ** 2, (c, c))),
    ]


def _order(output: Value) -> list[Value]:
    return ref.topological_order(output)


def _accumulate(output: Value, inputs, visit_order: list[Value], *, seed: float = 1.0, chain: bool = True,
                add: bool = True) -> tuple[float, ...]:
    """The backward pass over ``visit_order``, with a chosen defect; the defaults are right for reverse topological order."""
    grads = {id(output): seed}
    for node in visit_order:
        node_grad = grads.get(id(node), 0.0)
        for parent, local in zip(node.parents, node.local_grads):
            contribution = node_grad * local if chain else local
            grads[id(parent)] = (grads.get(id(parent), 0.0) if add else 0.0) + contribution
    return tuple(grads.get(id(node), 0.0) for node in inputs)


def _breadth_first(output: Value) -> list[Value]:
    order, seen, queue = [], {id(output)}, deque([output])
    while queue:
        node = queue.popleft()
        order.append(node)
        for parent in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return order


def _depth_first_preorder(output: Value) -> list[Value]:
    order, seen, stack = [], set(), [output]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        stack.extend(reversed(node.parents))
    return order


register(
    Exercise(
        name="grad",
        reference=ref.grad,
        fixed_cases=_graph_fixed,
        random_case=_graph_random,
        edge_cases=_graph_edge,
        mistakes=(
            Mistake(
                "overwritten_not_accumulated",
                "a node used more than once got only one path's gradient: the gradient was overwritten instead of accumulated. Add every contribution (+=) to what the parent already has.",
                lambda output, inputs: _accumulate(output, inputs, list(reversed(_order(output))), add=False),
            ),
            Mistake(
                "not_reverse_topological",
                "a node passed its gradient on before all its contributions had arrived (breadth-first order is not enough); visit nodes in reverse topological order, each after every node that uses it.",
                lambda output, inputs: _accumulate(output, inputs, _breadth_first(output)),
            ),
            Mistake(
                "no_chain_rule",
                "you passed the local derivatives back without multiplying them by the gradient arriving at the node (the chain rule: parent += node_grad * local_grad).",
                lambda output, inputs: _accumulate(output, inputs, list(reversed(_order(output))), chain=False),
            ),
            Mistake(
                "depth_first_preorder",
                "a node passed its gradient on as soon as the search reached it (depth-first pre-order), before all its users had contributed; sort topologically first (a node after all its parents), then walk that order backwards.",
                lambda output, inputs: _accumulate(output, inputs, _depth_first_preorder(output)),
            ),
            Mistake(
                "forward_order",
                "you walked the topological order forwards, from the inputs; the backward pass starts at the output, so reverse it.",
                lambda output, inputs: _accumulate(output, inputs, _order(output)),
            ),
            Mistake(
                "not_seeded",
                "every gradient is 0: start the backward pass with d output / d output = 1.",
                lambda output, inputs: _accumulate(output, inputs, list(reversed(_order(output))), seed=0.0),
            ),
        ),
        forbidden=(
            "dl_helpers.reference.autodiff.Value.backward",
            "dl_helpers.reference.autodiff.topological_order",
        ),
    )
)
