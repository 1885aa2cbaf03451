"""Small seeded MLPs on scikit-learn's digits, trained in seconds: what the loss-landscape views look at."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dl_helpers.data import load_digits
from dl_helpers.device import one_thread


class DigitsMLP(nn.Module):
    """An MLP for 8x8 digits (64 inputs, 10 classes): ``depth`` hidden layers of ``hidden`` units.

    ``residual=True`` adds each hidden layer's input to its output (``h + relu(W h + b)``);
    ``batch_norm=True`` puts a ``BatchNorm1d`` before every ReLU.
    """

    def __init__(self, hidden: int = 32, depth: int = 4, residual: bool = False, batch_norm: bool = False):
        super().__init__()
        self.residual = residual
        self.stem = nn.Linear(64, hidden)
        self.hidden = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(depth - 1))
        self.norms = nn.ModuleList((nn.BatchNorm1d(hidden) if batch_norm else nn.Identity()) for _ in range(depth))
        self.head = nn.Linear(hidden, 10)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.relu(self.norms[0](self.stem(x)))  # (N, hidden)
        for layer, norm in zip(self.hidden, self.norms[1:]):
            z = torch.relu(norm(layer(h)))  # (N, hidden)
            h = h + z if self.residual else z
        return self.head(h)  # (N, 10)


def train_digits_models(
    variants: tuple[str, ...] = ("plain", "residual", "batch norm"),
    *,
    hidden: int = 32,
    depth: int = 4,
    steps: int = 100,
    lr: float = 0.01,
    seed: int = 0,
) -> tuple[dict[str, nn.Module], Tensor, Tensor]:
    """Train small MLPs on the digits, full batch with Adam, seeded: a few seconds on a laptop CPU.

    Args:
        variants: which models: "plain", "residual", "batch norm", "residual + batch norm".
        hidden, depth: the MLP's width and number of hidden layers.
        steps: full-batch Adam steps.
        lr: Adam's learning rate.
        seed: the same seed for every variant's initialisation (the global RNG is left as it was).

    Returns:
        ({variant: trained model in eval mode}, inputs (1437, 64) scaled to [0, 1], labels (1437,)): the
        training split of :func:`dl_helpers.data.load_digits`.
    """
    known = {
        "plain": {},
        "residual": {"residual": True},
        "batch norm": {"batch_norm": True},
        "residual + batch norm": {"residual": True, "batch_norm": True},
    }
    inputs, labels, _, _ = load_digits()  # the training split: (1437, 64) pixels 0..16, (1437,) digits
    inputs = inputs / 16.0
    models = {}
    for variant in variants:
        if variant not in known:
            raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(known)}")
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            model = DigitsMLP(hidden, depth, **known[variant])
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        model.train()
        with one_thread():
            for _ in range(steps):
                optimizer.zero_grad()
                F.cross_entropy(model(inputs), labels).backward()
                optimizer.step()
        models[variant] = model.eval()
    return models, inputs, labels
