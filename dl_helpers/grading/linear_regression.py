"""Chapter 01 exercises: squared loss, least squares, ridge, gradients, features, k-fold splits."""

from __future__ import annotations

import torch
from torch import Tensor

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint as _randint, randn as _randn
from dl_helpers.grading.exercise import Case, Exercise, Mistake, register


# -- mse_loss --------------------------------------------------------------------------------


def _mse_fixed() -> list[Case]:
    pred = torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]], dtype=F64)
    target = torch.tensor([[1.5, 2.0, 0.0], [1.0, 1.0, 4.0]], dtype=F64)
    return [
        Case("3 predictions", (torch.tensor([1.0, 2.0, 3.0], dtype=F64), torch.tensor([1.5, 2.0, 0.0], dtype=F64))),
        Case("a 2 x 3 batch", (pred, target)),
        Case("a 2 x 3 batch, reduction='sum'", (pred, target), {"reduction": "sum"}),
        Case("a 2 x 3 batch, reduction='none'", (pred, target), {"reduction": "none"}),
    ]


def _mse_random(gen: torch.Generator) -> Case:
    shape = (_randint(gen, 2, 6), *(_randint(gen, 1, 5) for _ in range(_randint(gen, 0, 2))))
    reduction = ("mean", "sum", "none")[_randint(gen, 0, 2)]
    return Case(f"random {shape}, reduction={reduction!r}", (_randn(gen, *shape), _randn(gen, *shape)), {"reduction": reduction})


def _mse_edge() -> list[Case]:
    big = torch.tensor([1e150, -1e150, 3.0], dtype=F64)
    return [
        Case("a single element", (torch.tensor([2.0], dtype=F64), torch.tensor([-1.0], dtype=F64))),
        Case("a perfect prediction", (torch.ones(4, 2, dtype=F64), torch.ones(4, 2, dtype=F64))),
        Case("values of 1e150", (big, torch.zeros(3, dtype=F64))),
        Case("a 1 x 5 batch, reduction='sum'", (torch.arange(5.0, dtype=F64)[None], torch.zeros(1, 5, dtype=F64)), {"reduction": "sum"}),
    ]


def _reduce_like_mse(values: Tensor, reduction: str) -> Tensor:
    return {"mean": values.mean, "sum": values.sum, "none": lambda: values}[reduction]()


register(
    Exercise(
        name="mse_loss",
        reference=ref.mse_loss,
        fixed_cases=_mse_fixed,
        random_case=_mse_random,
        edge_cases=_mse_edge,
        differentiable=("input",),
        mistakes=(
            Mistake(
                "sum_instead_of_mean",
                "you summed the squared errors; with reduction='mean' divide the sum by the number of elements.",
                lambda i, t, reduction="mean": ((i - t) ** 2).sum() if reduction == "mean" else _reduce_like_mse((i - t) ** 2, reduction),
            ),
            Mistake(
                "mean_over_rows_only",
                "you divided by the number of rows (the batch size) only; 'mean' averages over every element, input.numel() of them.",
                lambda i, t, reduction="mean": ((i - t) ** 2).sum() / i.shape[0] if reduction == "mean" else _reduce_like_mse((i - t) ** 2, reduction),
            ),
            Mistake(
                "half_squared_error",
                "your loss is half the mean squared error (the 1/2 that textbooks add to tidy the gradient); PyTorch's mse_loss has no 1/2.",
                lambda i, t, reduction="mean": 0.5 * _reduce_like_mse((i - t) ** 2, reduction),
            ),
            Mistake(
                "absolute_error",
                "you used the absolute error |input - target| (that is l1_loss); square the differences.",
                lambda i, t, reduction="mean": _reduce_like_mse((i - t).abs(), reduction),
            ),
            Mistake(
                "root_mean_squared",
                "you took the square root (that is the RMSE); mse_loss stops at the mean of the squares.",
                lambda i, t, reduction="mean": _reduce_like_mse((i - t) ** 2, reduction).sqrt(),
            ),
            Mistake(
                "squared_mean_error",
                "you squared the mean difference, (mean(input - target))^2; square each difference first, then average.",
                lambda i, t, reduction="mean": (i - t).mean() ** 2,
            ),
            Mistake(
                "reduction_ignored",
                "you ignored the `reduction` argument: 'sum' must return the sum and 'none' the elementwise squared errors.",
                lambda i, t, reduction="mean": ((i - t) ** 2).mean(),
            ),
        ),
        forbidden=(
            "torch.nn.functional.mse_loss",
            "torch._C._nn.mse_loss",
            "torch.nn.MSELoss.forward",
            "sklearn.metrics.mean_squared_error",
        ),
    )
)


# -- normal_equations ------------------------------------------------------------------------


def _design(gen: torch.Generator, n: int, d: int) -> Tensor:
    """A random design matrix with full column rank and moderate conditioning."""
    return _randn(gen, n, d) + 0.5 * torch.eye(n, d, dtype=F64)


def _targets(gen: torch.Generator, n: int) -> Tensor:
    return _randn(gen, n) if _randint(gen, 0, 1) else _randn(gen, n, _randint(gen, 1, 3))


def _normal_fixed() -> list[Case]:
    X = torch.tensor([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], dtype=F64)
    X4 = torch.tensor([[2.0, 0.5, -1.0], [1.0, 1.5, 0.0], [0.0, -2.0, 1.0], [-1.0, 0.0, 2.0], [1.0, 1.0, 1.0]], dtype=F64)
    y4 = torch.tensor([1.0, 2.0, -1.0, 0.5, 3.0], dtype=F64)
    return [
        Case("5 samples, 3 features", (X4, y4)),
        Case("a line through 3 points (first column all ones)", (X, torch.tensor([1.0, 3.0, 5.0], dtype=F64))),
        Case("5 samples, 3 features, 2 target columns", (X4, torch.stack([y4, 2 * y4 - 1], dim=1))),
    ]


def _normal_random(gen: torch.Generator) -> Case:
    d = _randint(gen, 1, 5)
    n = _randint(gen, d + 2, 30)
    y = _targets(gen, n)
    return Case(f"random X of shape ({n}, {d}), y of shape {tuple(y.shape)}", (_design(gen, n, d), y))


def _normal_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(11)
    square = _design(gen, 4, 4)
    tall = _design(gen, 50, 3)
    return [
        Case("a square system (N = D)", (square, _randn(gen, 4))),
        Case("one feature", (tall[:, :1], _randn(gen, 50))),
        Case("features of size 1e3", (1e3 * tall, _randn(gen, 50))),
    ]


def _per_feature(X: Tensor, y: Tensor) -> Tensor:
    scale = (X**2).sum(0)  # (D,)
    return (X.mT @ y) / (scale if y.dim() == 1 else scale[:, None])


register(
    Exercise(
        name="normal_equations",
        reference=ref.normal_equations,
        fixed_cases=_normal_fixed,
        random_case=_normal_random,
        edge_cases=_normal_edge,
        mistakes=(
            Mistake(
                "moment_only",
                "you returned X^T y without solving with X^T X; w is the solution of (X^T X) w = X^T y.",
                lambda X, y: X.mT @ y,
            ),
            Mistake(
                "features_independent",
                "you divided X^T y by the diagonal of X^T X, which ignores how features correlate; solve with the whole matrix X^T X.",
                _per_feature,
            ),
            Mistake(
                "gram_over_n",
                "you scaled X^T X by 1/N but not X^T y (or the other way round); scale both sides or neither.",
                lambda X, y: torch.linalg.solve(X.mT @ X / X.shape[0], X.mT @ y),
            ),
            Mistake(
                "added_bias_column",
                "you appended a column of ones; the exercise's X already holds every feature (add a bias column outside the function).",
                lambda X, y: ref.normal_equations(torch.cat([X, torch.ones_like(X[:, :1])], dim=1), y),
            ),
        ),
        forbidden=(
            "torch.linalg.lstsq",
            "torch.linalg.pinv",
            "torch.pinverse",
            "torch.Tensor.pinverse",
            "numpy.linalg.lstsq",
            "numpy.linalg.pinv",
            "scipy.linalg.lstsq",
            "sklearn.linear_model.LinearRegression.fit",
        ),
        tolerance_scale=100.0,
    )
)


# -- ridge_regression ------------------------------------------------------------------------


def _ridge_fixed() -> list[Case]:
    X = torch.tensor([[0.0, 1.0], [1.0, 3.0], [2.0, 2.0], [3.0, 5.0], [4.0, 4.0]], dtype=F64)
    y = torch.tensor([1.0, 3.0, 4.0, 7.0, 8.0], dtype=F64)
    return [
        Case("5 samples, 2 features, alpha=1", (X, y, 1.0)),
        Case("5 samples, 2 features, alpha=0.1", (X, y, 0.1)),
        Case("targets shifted by +100, alpha=1", (X, y + 100.0, 1.0)),
        Case("2 target columns, alpha=2", (X, torch.stack([y, -y], dim=1), 2.0)),
    ]


def _ridge_random(gen: torch.Generator) -> Case:
    d = _randint(gen, 1, 5)
    n = _randint(gen, d + 3, 30)
    X = _randn(gen, n, d) * 2 + _randn(gen, d) * 3  # features with non-zero means
    y = _targets(gen, n) + 5 * float(_randn(gen, 1))
    alpha = float(10 ** (torch.rand(1, generator=gen, dtype=F64) * 3 - 2))  # 0.01 .. 10
    return Case(f"random X of shape ({n}, {d}), y of shape {tuple(y.shape)}, alpha={alpha:.3g}", (X, y, alpha))


def _ridge_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(5)
    X = _randn(gen, 12, 3) + 4.0
    y = _randn(gen, 12) + 10.0
    return [
        Case("alpha=0 (ordinary least squares with a bias)", (X, y, 0.0)),
        Case("alpha=1e6 (weights near zero)", (X, y, 1e6)),
        Case("a single feature", (X[:, :1], y, 3.0)),
    ]


def _ridge_bias_penalised(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    Xb = torch.cat([X, torch.ones_like(X[:, :1])], dim=1)
    eye = torch.eye(Xb.shape[1], dtype=X.dtype, device=X.device)
    wb = torch.linalg.solve(Xb.mT @ Xb + alpha * eye, Xb.mT @ y)
    return wb[:-1], wb[-1]


def _ridge_uncentred(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    eye = torch.eye(X.shape[1], dtype=X.dtype, device=X.device)
    w = torch.linalg.solve(X.mT @ X + alpha * eye, X.mT @ y)
    return w, y.mean(0) - X.mean(0) @ w


def _ridge_bias_is_mean(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    w, _ = ref.ridge_regression(X, y, alpha)
    return w, y.mean(0)


def _ridge_alpha_times_n(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    return ref.ridge_regression(X, y, alpha * X.shape[0])


def _ridge_no_bias(X: Tensor, y: Tensor, alpha: float) -> tuple[Tensor, Tensor]:
    eye = torch.eye(X.shape[1], dtype=X.dtype, device=X.device)
    w = torch.linalg.solve(X.mT @ X + alpha * eye, X.mT @ y)
    return w, torch.zeros_like(y.mean(0))


register(
    Exercise(
        name="ridge_regression",
        reference=ref.ridge_regression,
        fixed_cases=_ridge_fixed,
        random_case=_ridge_random,
        edge_cases=_ridge_edge,
        mistakes=(
            Mistake(
                "bias_penalised",
                "your bias is penalised (a ones column inside alpha * I); the bias must stay unpenalised: centre X and y, solve for w, then b = mean(y) - mean(X) w.",
                _ridge_bias_penalised,
            ),
            Mistake(
                "alpha_times_n",
                "your penalty is N times too strong: that is the minimiser of mean((y - Xw - b)^2) + alpha ||w||^2; this exercise's objective sums the squared errors.",
                _ridge_alpha_times_n,
            ),
            Mistake(
                "not_centred",
                "you solved for w without centring X and y, so w is pulled towards explaining the mean; subtract the column means before solving.",
                _ridge_uncentred,
            ),
            Mistake(
                "bias_is_mean_y",
                "w is right but the bias is mean(y); it must be mean(y) - mean(X) w, so the fit passes through the data's centre.",
                _ridge_bias_is_mean,
            ),
            Mistake(
                "no_bias",
                "you fitted no bias (b = 0); centre the data to find w, then recover b = mean(y) - mean(X) w.",
                _ridge_no_bias,
            ),
        ),
        forbidden=(
            "sklearn.linear_model.Ridge.fit",
            "sklearn.linear_model.ridge_regression",
            "torch.linalg.lstsq",
            "numpy.linalg.lstsq",
        ),
        tolerance_scale=100.0,
    )
)


# -- mse_gradients ---------------------------------------------------------------------------


def _gradients_fixed() -> list[Case]:
    X = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]], dtype=F64)
    y = torch.tensor([1.0, 0.0, 2.0], dtype=F64)
    return [
        Case("3 samples, 2 features, w = 0, b = 0", (X, y, torch.zeros(2, dtype=F64), torch.tensor(0.0, dtype=F64))),
        Case("3 samples, 2 features, w = [0.5, -1], b = 2", (X, y, torch.tensor([0.5, -1.0], dtype=F64), torch.tensor(2.0, dtype=F64))),
    ]


def _gradients_random(gen: torch.Generator) -> Case:
    n, d = _randint(gen, 1, 20), _randint(gen, 1, 5)
    args = (_randn(gen, n, d), _randn(gen, n), _randn(gen, d), _randn(gen, 1)[0])
    return Case(f"random X of shape ({n}, {d})", args)


def _gradients_edge() -> list[Case]:
    gen = torch.Generator().manual_seed(3)
    return [
        Case("a single sample", (_randn(gen, 1, 3), _randn(gen, 1), _randn(gen, 3), torch.tensor(0.5, dtype=F64))),
        Case("a perfect fit (zero gradient)", (torch.eye(3, dtype=F64), torch.tensor([1.0, 2.0, 3.0], dtype=F64), torch.tensor([1.0, 2.0, 3.0], dtype=F64), torch.tensor(0.0, dtype=F64))),
        Case("square X (N = D)", (_randn(gen, 4, 4), _randn(gen, 4), _randn(gen, 4), torch.tensor(-1.0, dtype=F64))),
    ]


def _residual(X: Tensor, y: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return X @ w + b - y


register(
    Exercise(
        name="mse_gradients",
        reference=ref.mse_gradients,
        fixed_cases=_gradients_fixed,
        random_case=_gradients_random,
        edge_cases=_gradients_edge,
        mistakes=(
            Mistake(
                "missing_factor_two",
                "your gradients are half the right ones: the derivative of r^2 is 2 r, so both carry the factor 2/N.",
                lambda X, y, w, b: tuple(g / 2 for g in ref.mse_gradients(X, y, w, b)),
            ),
            Mistake(
                "sum_not_mean",
                "your gradients are N times too large: the loss is a mean over the N samples, so divide by N.",
                lambda X, y, w, b: tuple(g * X.shape[0] for g in ref.mse_gradients(X, y, w, b)),
            ),
            Mistake(
                "wrong_sign",
                "your gradients have the wrong sign: with r = Xw + b - y, dL/dw = (2/N) X^T r; using y - (Xw + b) flips it.",
                lambda X, y, w, b: tuple(-g for g in ref.mse_gradients(X, y, w, b)),
            ),
            Mistake(
                "bias_gradient_not_summed",
                "your bias gradient has one entry per sample; b is shared by all samples, so sum (2/N) r over the batch to get a scalar.",
                lambda X, y, w, b: (ref.mse_gradients(X, y, w, b)[0], (2.0 / X.shape[0]) * _residual(X, y, w, b)),
            ),
            Mistake(
                "missing_transpose",
                "you multiplied by X instead of X^T: grad_w = (2/N) X^T r has one entry per feature.",
                lambda X, y, w, b: ((2.0 / X.shape[0]) * (X @ _residual(X, y, w, b)), ref.mse_gradients(X, y, w, b)[1]),
            ),
        ),
        forbidden=(
            "torch.autograd.grad",
            "torch.autograd.backward",
            "torch.Tensor.backward",
            "torch.func.grad",
            "torch.func.vjp",
        ),
    )
)


# -- polynomial_features ---------------------------------------------------------------------


def _poly_fixed() -> list[Case]:
    return [
        Case("x = [2, 3], degree 2", (torch.tensor([2.0, 3.0], dtype=F64), 2)),
        Case("x = [-1, 0.5, 0], degree 3", (torch.tensor([-1.0, 0.5, 0.0], dtype=F64), 3)),
    ]


def _poly_random(gen: torch.Generator) -> Case:
    n, degree = _randint(gen, 1, 10), _randint(gen, 1, 6)
    x = torch.rand(n, generator=gen, dtype=F64) * 4 - 2
    return Case(f"random x of shape ({n},), degree {degree}", (x, degree))


def _poly_edge() -> list[Case]:
    return [
        Case("degree 0 (only the constant)", (torch.tensor([5.0, -2.0], dtype=F64), 0)),
        Case("x containing 0 (0^0 = 1)", (torch.tensor([0.0, 1.0, -3.0], dtype=F64), 4)),
        Case("a single sample, degree 9", (torch.tensor([1.1], dtype=F64), 9)),
    ]


def _powers(x: Tensor, exponents: range) -> Tensor:
    return torch.stack([x**p for p in exponents], dim=-1) if len(exponents) else x[:, None][:, :0]


register(
    Exercise(
        name="polynomial_features",
        reference=ref.polynomial_features,
        fixed_cases=_poly_fixed,
        random_case=_poly_random,
        edge_cases=_poly_edge,
        mistakes=(
            Mistake(
                "missing_constant",
                "your first column is x, not 1: the features are x^0, x^1, ..., x^degree (degree + 1 columns).",
                lambda x, degree: _powers(x, range(1, degree + 1)),
            ),
            Mistake(
                "one_power_short",
                "you stopped one power early (range(degree) excludes degree): the last column must be x^degree.",
                lambda x, degree: _powers(x, range(degree)),
            ),
            Mistake(
                "powers_shifted",
                "your powers are shifted by one (x^1 .. x^(degree+1)); start at x^0 = 1.",
                lambda x, degree: _powers(x, range(1, degree + 2)),
            ),
            Mistake(
                "decreasing_order",
                "your columns run from x^degree down to 1; order them by increasing power, column j = x^j.",
                lambda x, degree: _powers(x, range(degree, -1, -1)),
            ),
            Mistake(
                "constant_from_division",
                "your constant column is x / x, which is NaN where x = 0; use ones (0^0 is 1 here).",
                lambda x, degree: torch.cat([(x / x)[:, None], _powers(x, range(1, degree + 1))], dim=-1),
            ),
        ),
        forbidden=(
            "torch.vander",
            "numpy.vander",
            "numpy.polynomial.polynomial.polyvander",
            "sklearn.preprocessing.PolynomialFeatures.fit_transform",
            "sklearn.preprocessing.PolynomialFeatures.transform",
        ),
    )
)


# -- kfold_indices ---------------------------------------------------------------------------


def _kfold_fixed() -> list[Case]:
    return [
        Case("n_samples=6, k=3", (6, 3)),
        Case("n_samples=5, k=2", (5, 2)),
        Case("n_samples=10, k=4", (10, 4)),
    ]


def _kfold_random(gen: torch.Generator) -> Case:
    n = _randint(gen, 2, 40)
    k = _randint(gen, 2, min(n, 10))
    return Case(f"n_samples={n}, k={k}", (n, k))


def _kfold_edge() -> list[Case]:
    return [
        Case("leave-one-out: n_samples=k=5", (5, 5)),
        Case("n_samples=11, k=3", (11, 3)),
        Case("n_samples=2, k=2", (2, 2)),
    ]


def _folds_from_sizes(n: int, sizes: list[int], overlap: int = 0) -> list[tuple[Tensor, Tensor]]:
    indices = torch.arange(n)
    folds, start = [], 0
    for size in sizes:
        val = indices[start : start + size + overlap]
        train = torch.cat([indices[:start], indices[start + size + overlap :]])
        folds.append((train, val))
        start += size
    return folds


def _kfold_remainder_dropped(n: int, k: int) -> list[tuple[Tensor, Tensor]]:
    size = n // k
    return [(torch.cat([torch.arange(0, i * size), torch.arange((i + 1) * size, n)]), torch.arange(i * size, (i + 1) * size)) for i in range(k)]


register(
    Exercise(
        name="kfold_indices",
        reference=ref.kfold_indices,
        fixed_cases=_kfold_fixed,
        random_case=_kfold_random,
        edge_cases=_kfold_edge,
        mistakes=(
            Mistake(
                "remainder_dropped",
                "the last n_samples % k samples are in no validation fold; give the first n_samples % k folds one extra sample each.",
                _kfold_remainder_dropped,
            ),
            Mistake(
                "remainder_in_last_fold",
                "the last fold takes all the leftover samples; the leftover n_samples % k go one each to the first folds (as sklearn's KFold).",
                lambda n, k: _folds_from_sizes(n, [n // k] * (k - 1) + [n - (k - 1) * (n // k)]),
            ),
            Mistake(
                "validation_in_training",
                "each training set still contains its validation samples; train on every index outside the validation fold.",
                lambda n, k: [(torch.arange(n), val) for _, val in ref.kfold_indices(n, k)],
            ),
            Mistake(
                "fold_end_off_by_one",
                "each validation fold runs one index too far (an inclusive end), so neighbouring folds overlap.",
                lambda n, k: _folds_from_sizes(n, [n // k + (1 if i < n % k else 0) for i in range(k)], overlap=1),
            ),
            Mistake(
                "train_and_validation_swapped",
                "training and validation indices are swapped: return (train_idx, val_idx), the larger set first.",
                lambda n, k: [(val, train) for train, val in ref.kfold_indices(n, k)],
            ),
        ),
        forbidden=(
            "sklearn.model_selection.KFold.split",
            "sklearn.model_selection.KFold._iter_test_indices",
            "numpy.array_split",
            "torch.tensor_split",
            "torch.Tensor.tensor_split",
        ),
    )
)
