"""Does the decision-region plot shade the plane by the predicted class and reject data that is not 2-D?"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from dl_helpers.widgets import plot_decision_regions  # noqa: E402


def test_regions_follow_the_classifier_and_points_are_drawn():
    X = torch.tensor([[-1.0, 0.0], [1.0, 0.0], [0.0, 2.0]], dtype=torch.float64)
    y = torch.tensor([0, 1, 2])
    seen = []

    def predict(points):
        seen.append(points.shape)
        return (points[:, 0] > 0).long() + 2 * (points[:, 1] > 1).long() * (points[:, 0] <= 0).long()

    fig, ax = plt.subplots()
    assert plot_decision_regions(ax, predict, X, y, resolution=30, title="t") is ax
    assert seen == [torch.Size([900, 2])]  # one call on the whole grid
    assert ax.get_title() == "t" and len(ax.collections) >= 2
    assert ax.get_xlim() == pytest.approx((-1.5, 1.5))
    plt.close(fig)


def test_non_2d_points_are_rejected():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        plot_decision_regions(ax, lambda p: p[:, 0], torch.zeros(4, 3), torch.zeros(4, dtype=torch.int64))
    with pytest.raises(ValueError, match=r"shape \(N,\)"):
        plot_decision_regions(ax, lambda p: p[:, 0], torch.zeros(4, 2), torch.zeros(3, dtype=torch.int64))
    plt.close(fig)
