"""Chapter 02 exercises: the perceptron, binary and softmax cross-entropy, one-hot labels, log-sum-exp,
the softmax-regression gradient and the confusion matrix."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn, uniform as _uniform
from dl_helpers.grading.exercise import Case, Exercise, Mistake, register
from dl_helpers.reference.losses import reduce_loss

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


def _labels(gen: torch.Generator, n: int, k: int) -> Tensor:
    return torch.randint(0, k, (n,), generator=gen)


# -- perceptron_step -------------------------------------------------------------------------


def _perceptron_fixed() -> list[Case]:
    x = torch.tensor([1.0, 2.0, -0.5], dtype=F64)
    w = torch.tensor([0.5, -1.0, 2.0], dtype=F64)
    return [
        Case("w = 0, b = 0 (margin exactly 0), y = +1", (torch.zeros(3, dtype=F64), torch.tensor(0.0, dtype=F64), x, 1)),
        Case("misclassified, y = -1", (-w, torch.tensor(4.0, dtype=F64), x, -1)),
        Case("classified correctly (margin 2.5), y = -1", (w, torch.tensor(0.0, dtype=F64), x, -1)),
        Case("misclassified, y = +1, lr = 0.5", (w, torch.tensor(-1.0, dtype=F64), x, 1), {"lr": 0.5}),
    ]


def _perceptron_random(gen: torch.Generator) -> Case:
    d = _randint(gen, 1, 6)
    fresh = _randint(gen, 0, 2) == 0  # a third of the cases start from w = 0, b = 0: a margin of exactly 0
    w = torch.zeros(d, dtype=F64) if fresh else _randn(gen, d)
    b = torch.zeros((), dtype=F64) if fresh else _randn(gen, 1)[0]
    x = _randn(gen, d)
    y = 1 if _randint(gen, 0, 1) else -1
    lr = (1.0, 0.1, 0.5)[_randint(gen, 0, 2)]
    start = "w = 0, b = 0" if fresh else "random w and b"
    return Case(f"D = {d}, {start}, y = {y:+d}, lr = {lr}", (w, b, x, y), {"lr": lr})


def _perceptron_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(21)
    x = _randn(gen, 4)
    w = _randn(gen, 4)
    return [
        Case("w = 0, b = 0, y = -1 (margin exactly 0)", (torch.zeros(4, dtype=F64), torch.tensor(0.0, dtype=F64), x, -1)),
        Case("margin exactly 0 with w != 0 (x orthogonal to w, b = 0)", (torch.tensor([1.0, 1.0], dtype=F64), torch.tensor(0.0, dtype=F64), torch.tensor([2.0, -2.0], dtype=F64), 1)),
        Case("one feature, correct by a wide margin", (torch.tensor([3.0], dtype=F64), torch.tensor(1.0, dtype=F64), torch.tensor([5.0], dtype=F64), 1)),
        Case("a large misclassified sample", (w, torch.tensor(0.5, dtype=F64), -1e3 * w, 1), {"lr": 0.1}),
    ]


def _perceptron_with(weight, bias, x, y, lr=1.0, *, update_when=lambda m: m <= 0, sign=1.0, use_label=True,
                     update_bias=True):
    """perceptron_step with a chosen defect; the defaults give the right update."""
    margin = y * (weight @ x + bias)
    if not update_when(margin):
        return weight.clone(), bias.clone()
    direction = sign * (y if use_label else 1)
    return weight + lr * direction * x, (bias + lr * direction) if update_bias else bias.clone()


register(
    Exercise(
        name="perceptron_step",
        reference=ref.perceptron_step,
        fixed_cases=_perceptron_fixed,
        random_case=_perceptron_random,
        edge_cases=_perceptron_edge,
        mistakes=(
            Mistake(
                "strict_inequality",
                "you updated only when y (w . x + b) < 0; a margin of exactly 0 is a mistake too (it is the "
                "margin of every sample while w = 0 and b = 0, so with '< 0' training never starts): update when the margin is <= 0.",
                lambda weight, bias, x, y, lr=1.0: _perceptron_with(weight, bias, x, y, lr, update_when=lambda m: m < 0),
            ),
            Mistake(
                "always_updates",
                "you updated on a sample that was already classified correctly; the perceptron changes w and b only "
                "when y (w . x + b) <= 0 and otherwise returns them unchanged.",
                lambda weight, bias, x, y, lr=1.0: _perceptron_with(weight, bias, x, y, lr, update_when=lambda m: True),
            ),
            Mistake(
                "label_not_used",
                "you added lr * x whatever the label; the update is w + lr * y * x and b + lr * y, which subtracts x "
                "when y = -1 (it moves w towards the correct side).",
                lambda weight, bias, x, y, lr=1.0: _perceptron_with(weight, bias, x, y, lr, use_label=False),
            ),
            Mistake(
                "wrong_sign",
                "your update has the wrong sign: a misclassified sample pulls w towards y * x, w + lr * y * x (and b + lr * y), not away from it.",
                lambda weight, bias, x, y, lr=1.0: _perceptron_with(weight, bias, x, y, lr, sign=-1.0),
            ),
            Mistake(
                "bias_not_updated",
                "w is right but the bias did not move; on a mistake the bias is updated too, b + lr * y (think of b as the weight of a constant feature 1).",
                lambda weight, bias, x, y, lr=1.0: _perceptron_with(weight, bias, x, y, lr, update_bias=False),
            ),
            Mistake(
                "lr_ignored",
                "you ignored the learning rate: the step is lr * y * x (and lr * y for the bias).",
                lambda weight, bias, x, y, lr=1.0: _perceptron_with(weight, bias, x, y, 1.0),
            ),
        ),
        forbidden=("sklearn.linear_model.Perceptron.fit", "sklearn.linear_model.Perceptron.partial_fit"),
    )
)


# -- binary_cross_entropy_with_logits --------------------------------------------------------


def _bce_fixed() -> list[Case]:
    z = torch.tensor([-2.0, -0.5, 0.0, 1.0, 3.0], dtype=F64)
    y = torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0], dtype=F64)
    extreme_z = torch.tensor([1000.0, -1000.0, 1000.0, -1000.0, 40.0, -40.0], dtype=F64)
    extreme_y = torch.tensor([1.0, 0.0, 0.0, 1.0, 0.0, 1.0], dtype=F64)
    return [
        Case("5 logits", (z, y)),
        Case("5 logits, reduction='sum'", (z, y), {"reduction": "sum"}),
        Case("logits ±1000 on the wrong side: -1000 with target 1, +1000 with target 0, reduction='none'", (torch.tensor([-1000.0, 1000.0], dtype=F64), torch.tensor([1.0, 0.0], dtype=F64)), {"reduction": "none"}),
        Case("logits of ±1000 and ±40, reduction='none'", (extreme_z, extreme_y), {"reduction": "none"}),
        Case("a 2 x 3 batch of soft targets", (z[:3].reshape(1, 3).repeat(2, 1) * 2, torch.tensor([[0.2, 0.5, 0.9], [1.0, 0.0, 0.3]], dtype=F64))),
    ]


def _bce_random(gen: torch.Generator) -> Case:
    shape = (_randint(gen, 1, 6), *(_randint(gen, 1, 4) for _ in range(_randint(gen, 0, 1))))
    scale = (1.0, 5.0, 1000.0)[_randint(gen, 0, 2)]
    target = (torch.rand(shape, generator=gen, dtype=F64) < 0.5).to(F64)
    reduction = ("mean", "sum", "none")[_randint(gen, 0, 2)]
    return Case(f"random {shape}, logits of size about {scale:g}, reduction={reduction!r}", (scale * _randn(gen, *shape), target), {"reduction": reduction})


def _bce_edge() -> list[Case]:
    return [
        Case("logit -1000 with target 1 (loss 1000)", (torch.tensor([-1000.0], dtype=F64), torch.tensor([1.0], dtype=F64))),
        Case("logit +1000 with target 0 (loss 1000)", (torch.tensor([1000.0], dtype=F64), torch.tensor([0.0], dtype=F64))),
        Case("confident and right: logits ±1000 (loss 0)", (torch.tensor([1000.0, -1000.0], dtype=F64), torch.tensor([1.0, 0.0], dtype=F64)), {"reduction": "none"}),
        Case("logits ±30 (1 - sigmoid rounds to 0 in float32)", (torch.tensor([30.0, -30.0, 17.0], dtype=F64), torch.tensor([0.0, 1.0, 0.0], dtype=F64)), {"reduction": "none"}),
    ]


def _bce_naive(z: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    p = 1.0 / (1.0 + torch.exp(-z))
    return reduce_loss(-(y * torch.log(p) + (1 - y) * torch.log(1 - p)), reduction)


def _bce_clamped(z: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    p = torch.sigmoid(z)
    return reduce_loss(-(y * torch.log(p).clamp_min(-100) + (1 - y) * torch.log(1 - p).clamp_min(-100)), reduction)


def _bce_softplus_overflow(z: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    return reduce_loss(torch.log(1 + torch.exp(z)) - y * z, reduction)


register(
    Exercise(
        name="binary_cross_entropy_with_logits",
        reference=ref.binary_cross_entropy_with_logits,
        fixed_cases=_bce_fixed,
        random_case=_bce_random,
        edge_cases=_bce_edge,
        differentiable=("input",),
        mistakes=(
            Mistake(
                "log_of_sigmoid",
                "you took the log of the sigmoid: for z = -1000 sigmoid(z) rounds to 0 (and for z = +1000, 1 - sigmoid(z) does), "
                "and log(0) = -inf, so the loss is inf or nan. Write the loss from the logits: softplus(z) - y z, with "
                "softplus(z) = max(z, 0) + log(1 + exp(-|z|)).",
                _bce_naive,
            ),
            Mistake(
                "clamped_log",
                "your logs are clamped at -100 (F.binary_cross_entropy does that on probabilities), so a logit of ±1000 on the "
                "wrong side costs 100 instead of 1000. Work from the logits: softplus(z) - y z.",
                _bce_clamped,
            ),
            Mistake(
                "softplus_overflow",
                "log(1 + exp(z)) overflows: exp(1000) = inf. Take the large part out first: "
                "log(1 + exp(z)) = max(z, 0) + log(1 + exp(-|z|)).",
                _bce_softplus_overflow,
            ),
            Mistake(
                "sum_instead_of_mean",
                "you summed the losses; with reduction='mean' average them over every element.",
                lambda input, target, reduction="mean": ref.binary_cross_entropy_with_logits(input, target, "sum" if reduction == "mean" else reduction),
            ),
            Mistake(
                "targets_swapped",
                "you swapped the roles of y and 1 - y: the loss is -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))), small when z > 0 and y = 1.",
                lambda input, target, reduction="mean": ref.binary_cross_entropy_with_logits(input, 1 - target, reduction),
            ),
            Mistake(
                "missing_minus",
                "your loss is negative: the cross-entropy is minus the log-likelihood, -(y log p + (1 - y) log(1 - p)) >= 0.",
                lambda input, target, reduction="mean": -ref.binary_cross_entropy_with_logits(input, target, reduction),
            ),
            Mistake(
                "reduction_ignored",
                "you ignored the `reduction` argument: 'sum' must return the sum and 'none' the elementwise losses.",
                lambda input, target, reduction="mean": ref.binary_cross_entropy_with_logits(input, target),
            ),
        ),
        forbidden=(
            "torch.nn.functional.binary_cross_entropy_with_logits",
            "torch.binary_cross_entropy_with_logits",
            "torch.nn.BCEWithLogitsLoss.forward",
            "torch.nn.functional.softplus",
            "torch.nn.functional.logsigmoid",
        ),
    )
)


# -- one_hot ---------------------------------------------------------------------------------


def _one_hot_fixed() -> list[Case]:
    return [
        Case("labels [2, 0, 1, 2], num_classes=4 (class 3 absent)", (torch.tensor([2, 0, 1, 2]), 4)),
        Case("labels [1, 3, 0], num_classes=-1 (K = 3 + 1)", (torch.tensor([1, 3, 0]),)),
        Case("a 2 x 3 tensor of labels, num_classes=3", (torch.tensor([[0, 2, 1], [1, 1, 0]]), 3)),
    ]


def _one_hot_random(gen: torch.Generator) -> Case:
    shape = tuple(_randint(gen, 1, 5) for _ in range(_randint(gen, 1, 2)))
    k = _randint(gen, 2, 6)
    labels = torch.randint(0, k, shape, generator=gen)
    if _randint(gen, 0, 1):
        extra = _randint(gen, 0, 2)
        return Case(f"labels of shape {shape}, num_classes={k + extra}", (labels, k + extra))
    return Case(f"labels of shape {shape}, num_classes=-1", (labels,))


def _one_hot_edge() -> list[Case]:
    return [
        Case("a single label 0, num_classes=1", (torch.tensor([0]), 1)),
        Case("a 0-d label, num_classes=3", (torch.tensor(2), 3)),
        Case("labels all 0, num_classes=-1", (torch.zeros(4, dtype=torch.int64),)),
        Case("10 classes, labels 9..0", (torch.arange(9, -1, -1), 10)),
    ]


register(
    Exercise(
        name="one_hot",
        reference=ref.one_hot,
        fixed_cases=_one_hot_fixed,
        random_case=_one_hot_random,
        edge_cases=_one_hot_edge,
        mistakes=(
            Mistake(
                "float_output",
                "your result is floating point; F.one_hot returns int64 (torch.long) indicators. Convert with .to(dtype) "
                "where you need floats, outside one_hot.",
                lambda tensor, num_classes=-1: ref.one_hot(tensor, num_classes).to(torch.get_default_dtype()),
            ),
            Mistake(
                "shifted_by_one",
                "the 1 sits one column away from the label (as if labels started at 1); label k puts its 1 in column k, counting from 0.",
                lambda tensor, num_classes=-1: torch.roll(ref.one_hot(tensor, num_classes), -1, dims=-1),
            ),
            Mistake(
                "num_classes_ignored",
                "you ignored num_classes and used tensor.max() + 1 columns; when num_classes is given, the result has exactly num_classes columns, even for classes that do not occur.",
                lambda tensor, num_classes=-1: ref.one_hot(tensor, -1),
            ),
            Mistake(
                "classes_first",
                "the class dimension must come last: labels of shape (N,) give (N, K), one row per label, not (K, N).",
                lambda tensor, num_classes=-1: ref.one_hot(tensor, num_classes).movedim(-1, 0),
            ),
            Mistake(
                "leading_dims_flattened",
                "you flattened the labels: F.one_hot keeps their shape and appends the class dimension, (*) -> (*, K).",
                lambda tensor, num_classes=-1: ref.one_hot(tensor.reshape(-1), num_classes),
            ),
        ),
        forbidden=("torch.nn.functional.one_hot", "torch._C._nn.one_hot"),
    )
)


# -- logsumexp -------------------------------------------------------------------------------


def _lse_fixed() -> list[Case]:
    x = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]], dtype=F64)
    return [
        Case("a 2 x 3 tensor, dim=1", (x, 1)),
        Case("a 2 x 3 tensor, dim=0", (x, 0)),
        Case("rows [1000, 1000, 999] and [-1000, -1000, -1001], dim=1", (torch.tensor([[1000.0, 1000.0, 999.0], [-1000.0, -1000.0, -1001.0]], dtype=F64), 1)),
        Case("rows [0, 0] and [800, 800], dim=-1", (torch.tensor([[0.0, 0.0], [800.0, 800.0]], dtype=F64), -1)),
        Case("a 2 x 3 tensor, dim=1, keepdim=True", (x, 1), {"keepdim": True}),
    ]


def _lse_random(gen: torch.Generator) -> Case:
    shape = tuple(_randint(gen, 1, 5) for _ in range(_randint(gen, 1, 3)))
    dim = _randint(gen, -len(shape), len(shape) - 1)
    scale = (1.0, 10.0, 1000.0)[_randint(gen, 0, 2)]
    offset = _uniform(gen, -1000.0, 1000.0) if _randint(gen, 0, 1) else 0.0
    keepdim = bool(_randint(gen, 0, 1))
    x = scale * _randn(gen, *shape) + offset
    return Case(f"random {shape}, values of size about {scale:g} shifted by {offset:.4g}, dim={dim}, keepdim={keepdim}", (x, dim), {"keepdim": keepdim})


def _lse_edge() -> list[Case]:
    return [
        Case("one value, dim=0", (torch.tensor([-3.5], dtype=F64), 0)),
        Case("values of ±1e300, dim=0", (torch.tensor([1e300, -1e300], dtype=F64), 0)),
        Case("100 equal values of -745 (exp underflows to 0), dim=0", (torch.full((100,), -745.0, dtype=F64), 0)),
        Case("a 3-D tensor, dim=1", (torch.arange(24.0, dtype=F64).reshape(2, 3, 4) * 100, 1)),
    ]


def _lse_naive(input: Tensor, dim: int, keepdim: bool = False) -> Tensor:
    return torch.log(torch.exp(input).sum(dim=dim, keepdim=keepdim))


def _lse_global_max(input: Tensor, dim: int, keepdim: bool = False) -> Tensor:
    m = input.max()
    return m + torch.log(torch.exp(input - m).sum(dim=dim, keepdim=keepdim))


def _lse_max_not_added(input: Tensor, dim: int, keepdim: bool = False) -> Tensor:
    m = input.amax(dim=dim, keepdim=True)
    return torch.log(torch.exp(input - m).sum(dim=dim, keepdim=keepdim))


register(
    Exercise(
        name="logsumexp",
        reference=ref.logsumexp,
        fixed_cases=_lse_fixed,
        random_case=_lse_random,
        edge_cases=_lse_edge,
        differentiable=("input",),
        mistakes=(
            Mistake(
                "no_max_subtraction",
                "you computed log(sum(exp(x))) directly: exp(1000) overflows to inf and exp(-1000) underflows to 0, so the "
                "result is inf or -inf. Subtract the maximum m along dim first: m + log(sum(exp(x - m))).",
                _lse_naive,
            ),
            Mistake(
                "global_max",
                "you subtracted the maximum of the whole tensor; each slice needs its own maximum along dim "
                "(input.amax(dim=dim, keepdim=True)), or a slice far below the global maximum underflows to log(0) = -inf.",
                _lse_global_max,
            ),
            Mistake(
                "max_not_added_back",
                "you subtracted the maximum m inside the exp but did not add it back: logsumexp(x) = m + log(sum(exp(x - m))).",
                _lse_max_not_added,
            ),
            Mistake(
                "wrong_dim",
                "you reduced over the wrong dimension; reduce over `dim` only.",
                lambda input, dim, keepdim=False: ref.logsumexp(input, (dim + 1) % input.dim(), keepdim),
            ),
            Mistake(
                "keepdim_ignored",
                "you ignored keepdim: with keepdim=True the reduced dimension stays, with size 1; with keepdim=False it is removed.",
                lambda input, dim, keepdim=False: ref.logsumexp(input, dim, not keepdim),
            ),
        ),
        forbidden=(
            "torch.logsumexp",
            "torch.special.logsumexp",
            "torch.Tensor.logsumexp",
            "torch.log_softmax",
            "torch.Tensor.log_softmax",
            "torch.nn.functional.log_softmax",
            "dl_helpers.reference.activations.log_softmax",
        ),
    )
)


# -- cross_entropy ---------------------------------------------------------------------------


def _ce_fixed() -> list[Case]:
    logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.0], [0.0, 0.0, 0.0]], dtype=F64)
    target = torch.tensor([0, 1, 1, 2])
    return [
        Case("4 samples, 3 classes", (logits, target)),
        Case("4 samples, 3 classes, reduction='sum'", (logits, target), {"reduction": "sum"}),
        Case("4 samples, 3 classes, reduction='none'", (logits, target), {"reduction": "none"}),
        Case("logits [1000, 999] and [-1000, -999], reduction='none'", (torch.tensor([[1000.0, 999.0], [-1000.0, -999.0]], dtype=F64), torch.tensor([0, 0])), {"reduction": "none"}),
        Case("logits [1000, -1000] and [-1000, 1000], the wrong class far ahead, reduction='none'", (torch.tensor([[1000.0, -1000.0], [-1000.0, 1000.0]], dtype=F64), torch.tensor([1, 0])), {"reduction": "none"}),
    ]


def _ce_random(gen: torch.Generator) -> Case:
    n, k = _randint(gen, 1, 8), _randint(gen, 2, 6)
    scale = (1.0, 3.0, 1000.0)[_randint(gen, 0, 2)]
    reduction = ("mean", "sum", "none")[_randint(gen, 0, 2)]
    return Case(f"random N={n}, K={k}, logits of size about {scale:g}, reduction={reduction!r}", (scale * _randn(gen, n, k), _labels(gen, n, k)), {"reduction": reduction})


def _ce_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(31)
    return [
        Case("one sample", (torch.tensor([[0.3, -1.2, 2.0]], dtype=F64), torch.tensor([2]))),
        Case("one class (loss 0)", (torch.tensor([[5.0], [-7.0]], dtype=F64), torch.tensor([0, 0]))),
        Case("all logits shifted by +1e4", (_randn(gen, 5, 4) + 1e4, torch.tensor([0, 1, 2, 3, 0]))),
        Case("10 classes, 30 samples", (_randn(gen, 30, 10), _labels(gen, 30, 10))),
    ]


def _ce_with(input: Tensor, target: Tensor, reduction: str = "mean", *, log_probs=None, divisor=None, sign=1.0) -> Tensor:
    """cross_entropy with a chosen defect; the defaults give the right loss."""
    log_p = ref.log_softmax(input, dim=1) if log_probs is None else log_probs(input)  # (N, K)
    picked = -sign * log_p.gather(1, target[:, None])[:, 0]  # (N,)
    if reduction == "mean" and divisor is not None:
        return picked.sum() / divisor(input)
    return reduce_loss(picked, reduction)


def _ce_over_batch(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    return _ce_with(input, target, reduction, log_probs=lambda o: ref.log_softmax(o, dim=0))


register(
    Exercise(
        name="cross_entropy",
        reference=ref.cross_entropy,
        fixed_cases=_ce_fixed,
        random_case=_ce_random,
        edge_cases=_ce_edge,
        differentiable=("input",),
        mistakes=(
            Mistake(
                "log_of_softmax",
                "you took the log of softmax probabilities: a class far behind the leader gets probability 0 (exp(-2000) underflows) "
                "and log(0) = -inf, so its loss is inf instead of 2000. Use l = logsumexp(o) - o[y], which never forms the probability.",
                lambda input, target, reduction="mean": _ce_with(input, target, reduction, log_probs=lambda o: torch.log(ref.softmax(o, dim=1))),
            ),
            Mistake(
                "no_max_subtraction",
                "you exponentiated the raw logits: exp(1000) overflows to inf (and exp(-1000) underflows to 0), so the loss is inf or nan. "
                "Use the stable logsumexp, which subtracts each row's maximum first.",
                lambda input, target, reduction="mean": _ce_with(input, target, reduction, log_probs=lambda o: o - torch.log(torch.exp(o).sum(dim=1, keepdim=True))),
            ),
            Mistake(
                "softmax_over_batch",
                "you normalised over the batch (dim 0); each sample's softmax runs over its K classes, dim=1 of the (N, K) logits.",
                _ce_over_batch,
            ),
            Mistake(
                "sum_instead_of_mean",
                "you summed the per-sample losses; with reduction='mean' divide by the number of samples N.",
                lambda input, target, reduction="mean": _ce_with(input, target, reduction, divisor=lambda o: 1.0),
            ),
            Mistake(
                "mean_over_all_logits",
                "you averaged over all N * K entries (for example (one_hot * log_probs).mean()); the mean runs over the N samples only.",
                lambda input, target, reduction="mean": _ce_with(input, target, reduction, divisor=lambda o: o.numel()),
            ),
            Mistake(
                "missing_minus",
                "your loss is negative: the cross-entropy is minus the log-probability of the true class, logsumexp(o) - o[y] >= 0.",
                lambda input, target, reduction="mean": _ce_with(input, target, reduction, sign=-1.0),
            ),
            Mistake(
                "reduction_ignored",
                "you ignored the `reduction` argument: 'sum' must return the sum and 'none' the (N,) per-sample losses.",
                lambda input, target, reduction="mean": ref.cross_entropy(input, target),
            ),
        ),
        forbidden=(
            "torch.nn.functional.cross_entropy",
            "torch._C._nn.cross_entropy_loss",
            "torch.nn.CrossEntropyLoss.forward",
            "torch.nn.functional.nll_loss",
            "torch._C._nn.nll_loss_nd",
            "torch.nn.functional.log_softmax",
            "torch.log_softmax",
            "torch.Tensor.log_softmax",
            "torch.logsumexp",
            "torch.special.logsumexp",
            "torch.Tensor.logsumexp",
            "dl_helpers.reference.activations.log_softmax",
            "dl_helpers.reference.backprop.softmax_cross_entropy_forward",
            "dl_helpers.reference.classification.logsumexp",
        ),
    )
)


# -- softmax_regression_gradients ------------------------------------------------------------


def _srg_case(gen: torch.Generator, n: int, d: int, k: int, label: str, scale: float = 1.0) -> Case:
    X = _randn(gen, n, d)
    return Case(label, (X, _labels(gen, n, k), scale * _randn(gen, k, d), scale * _randn(gen, k)))


def _srg_fixed() -> list[Case]:
    X = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]], dtype=F64)
    y = torch.tensor([0, 2, 1])
    gen = torch.Generator().manual_seed(41)
    return [
        Case("3 samples, D = 2, K = 3, W = 0, b = 0", (X, y, torch.zeros(3, 2, dtype=F64), torch.zeros(3, dtype=F64))),
        Case("3 samples, D = 2, K = 3, W and b nonzero", (X, y, torch.tensor([[0.5, -1.0], [0.0, 1.0], [2.0, 0.5]], dtype=F64), torch.tensor([0.1, -0.2, 0.3], dtype=F64))),
        _srg_case(gen, 6, 4, 3, "6 samples, D = 4, K = 3"),
    ]


def _srg_random(gen: torch.Generator) -> Case:
    n, d, k = _randint(gen, 1, 10), _randint(gen, 1, 5), _randint(gen, 2, 5)
    return _srg_case(gen, n, d, k, f"random N={n}, D={d}, K={k}")


def _srg_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(42)
    return [
        _srg_case(gen, 1, 3, 4, "a single sample"),
        _srg_case(gen, 5, 3, 3, "weights of size 1000 (saturated softmax)", scale=1000.0),
        _srg_case(gen, 40, 8, 10, "40 samples, D = 8, K = 10"),
    ]


def _srg_with(X, y, weight, bias, *, softmax_dim=1, sign=1.0, divide=True, transpose=False, sum_bias=True, subtract=True):
    """softmax_regression_gradients with a chosen defect; the defaults give the right gradients."""
    logits = X @ weight.mT + bias  # (N, K)
    error = ref.softmax(logits, dim=softmax_dim) - (ref.one_hot(y, weight.shape[0]).to(X.dtype) if subtract else 0.0)
    grad_logits = sign * error / (X.shape[0] if divide else 1)  # (N, K)
    grad_weight = X.mT @ grad_logits if transpose else grad_logits.mT @ X
    return grad_weight, grad_logits.sum(dim=0) if sum_bias else grad_logits


register(
    Exercise(
        name="softmax_regression_gradients",
        reference=ref.softmax_regression_gradients,
        fixed_cases=_srg_fixed,
        random_case=_srg_random,
        edge_cases=_srg_edge,
        mistakes=(
            Mistake(
                "wrong_sign",
                "your gradients have the wrong sign: dL/do = softmax(o) - onehot(y) (probabilities minus targets), so gradient descent lowers the "
                "wrong classes' scores and raises the true one.",
                lambda X, y, weight, bias: _srg_with(X, y, weight, bias, sign=-1.0),
            ),
            Mistake(
                "not_divided_by_n",
                "your gradients are N times too large: the loss is the mean over the N samples, so dL/do = (softmax(o) - onehot(y)) / N.",
                lambda X, y, weight, bias: _srg_with(X, y, weight, bias, divide=False),
            ),
            Mistake(
                "softmax_over_batch",
                "you took the softmax over the batch (dim 0); each sample's probabilities run over its K classes, dim=1.",
                lambda X, y, weight, bias: _srg_with(X, y, weight, bias, softmax_dim=0),
            ),
            Mistake(
                "one_hot_missing",
                "you forgot to subtract the one-hot targets: dL/do = softmax(o) - onehot(y), not softmax(o) alone.",
                lambda X, y, weight, bias: _srg_with(X, y, weight, bias, subtract=False),
            ),
            Mistake(
                "weight_gradient_transposed",
                "grad_weight must have weight's shape (K, D): it is (dL/do)^T X, not X^T (dL/do).",
                lambda X, y, weight, bias: _srg_with(X, y, weight, bias, transpose=True),
            ),
            Mistake(
                "bias_gradient_not_summed",
                "your bias gradient has one row per sample; b is shared by all samples, so sum dL/do over the batch (shape (K,)).",
                lambda X, y, weight, bias: _srg_with(X, y, weight, bias, sum_bias=False),
            ),
        ),
        forbidden=(
            *AUTOGRAD,
            "dl_helpers.reference.backprop.softmax_cross_entropy_backward",
            "dl_helpers.reference.backprop.linear_backward",
        ),
    )
)


# -- confusion_matrix ------------------------------------------------------------------------


def _cm_fixed() -> list[Case]:
    return [
        Case("6 samples, 3 classes", (torch.tensor([0, 1, 2, 2, 1, 0]), torch.tensor([0, 2, 2, 1, 1, 1]), 3)),
        Case("8 samples, 2 classes, repeated pairs", (torch.tensor([0, 0, 0, 1, 1, 1, 1, 0]), torch.tensor([0, 1, 1, 1, 1, 1, 0, 0]), 2)),
        Case("5 samples, num_classes=4 (class 3 never occurs)", (torch.tensor([0, 1, 2, 1, 0]), torch.tensor([1, 1, 2, 0, 0]), 4)),
    ]


def _cm_random(gen: torch.Generator) -> Case:
    n, k = _randint(gen, 2, 40), _randint(gen, 2, 6)
    absent = _randint(gen, 0, 1) == 1  # half the cases: the last class never occurs
    y_true = _labels(gen, n, k - absent)
    right = torch.rand(n, generator=gen) < 0.6  # most predictions correct, as for a trained classifier
    y_pred = torch.where(right, y_true, _labels(gen, n, k - absent))
    return Case(f"random N={n}, K={k}" + (" (the last class never occurs)" if absent else ""), (y_true, y_pred, k))


def _cm_edge() -> list[Case]:
    return [
        Case("one sample", (torch.tensor([1]), torch.tensor([0]), 2)),
        Case("every prediction right", (torch.arange(5), torch.arange(5), 5)),
        Case("one class", (torch.zeros(4, dtype=torch.int64), torch.zeros(4, dtype=torch.int64), 1)),
        Case("all predicted as the last class", (torch.tensor([0, 1, 2, 0]), torch.tensor([2, 2, 2, 2]), 3)),
        Case("num_classes=5, classes 3 and 4 never occur", (torch.tensor([0, 1, 2, 2, 1]), torch.tensor([0, 2, 2, 1, 1]), 5)),
    ]


def _cm_no_accumulate(y_true: Tensor, y_pred: Tensor, num_classes: int) -> Tensor:
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=y_true.device)
    matrix[y_true, y_pred] += 1  # repeated (true, predicted) pairs are written once, not added up
    return matrix


def _cm_from_max(y_true: Tensor, y_pred: Tensor, num_classes: int) -> Tensor:
    k = int(torch.maximum(y_true.max(), y_pred.max())) + 1
    return ref.confusion_matrix(y_true, y_pred, k)


register(
    Exercise(
        name="confusion_matrix",
        reference=ref.confusion_matrix,
        fixed_cases=_cm_fixed,
        random_case=_cm_random,
        edge_cases=_cm_edge,
        mistakes=(
            Mistake(
                "transposed",
                "your matrix is transposed: rows are the true classes and columns the predicted ones (as sklearn.metrics.confusion_matrix), "
                "so entry [i, j] counts samples of class i predicted as j.",
                lambda y_true, y_pred, num_classes: ref.confusion_matrix(y_true, y_pred, num_classes).mT,
            ),
            Mistake(
                "duplicates_not_accumulated",
                "every cell is 0 or 1: matrix[y_true, y_pred] += 1 writes each repeated (true, predicted) pair once instead of adding it up. "
                "Count with index_put_(..., accumulate=True), torch.bincount or a loop over the samples.",
                _cm_no_accumulate,
            ),
            Mistake(
                "normalised",
                "you returned fractions; return the counts as int64 (normalise rows or columns afterwards, when you plot).",
                lambda y_true, y_pred, num_classes: ref.confusion_matrix(y_true, y_pred, num_classes).to(torch.get_default_dtype()) / y_true.numel(),
            ),
            Mistake(
                "size_from_labels",
                "your matrix is too small: its size is num_classes x num_classes even when the largest classes never occur, not max(label) + 1.",
                _cm_from_max,
            ),
            Mistake(
                "row_normalised",
                "you divided each row by its total (per-class recall); return the raw counts as int64.",
                lambda y_true, y_pred, num_classes: (lambda m: m / m.sum(dim=1, keepdim=True).clamp_min(1))(
                    ref.confusion_matrix(y_true, y_pred, num_classes).to(torch.get_default_dtype())
                ),
            ),
        ),
        forbidden=(
            "sklearn.metrics.confusion_matrix",
            "sklearn.metrics._classification.confusion_matrix",
            "sklearn.metrics.ConfusionMatrixDisplay.from_predictions",
        ),
    )
)
