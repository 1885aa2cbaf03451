"""Are the generated shape images reproducible, labelled and boxed correctly?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.data.shapes import SHAPE_NAMES, make_shapes


def test_same_seed_same_images_other_seed_other_images():
    a, b, c = make_shapes(20, seed=3), make_shapes(20, seed=3), make_shapes(20, seed=4)
    assert torch.equal(a.images, b.images) and torch.equal(a.labels, b.labels)
    assert not torch.equal(a.images, c.images)


def test_shapes_and_dtypes():
    data = make_shapes(30, size=12, seed=1, max_side=8)
    assert data.images.shape == (30, 1, 12, 12) and data.images.dtype == torch.float32
    assert data.labels.dtype == torch.int64 and set(data.labels.tolist()) <= set(range(len(SHAPE_NAMES)))
    assert data.boxes.shape == (30, 4)


def test_boxes_enclose_the_shape_exactly_without_noise():
    data = make_shapes(40, size=16, seed=2, noise=0.0)
    for image, box in zip(data.images[:, 0], data.boxes):
        rows, cols = (image > 0.5).any(dim=1).nonzero().flatten(), (image > 0.5).any(dim=0).nonzero().flatten()
        assert box.tolist() == [cols.min(), rows.min(), cols.max() + 1, rows.max() + 1]
        assert 0 <= box[0] < box[2] <= 16 and 0 <= box[1] < box[3] <= 16


def test_squares_fill_their_box_and_discs_do_not():
    data = make_shapes(60, seed=5, noise=0.0, min_side=8, max_side=8)
    fill = [(img[0] > 0.5).float().mean() * 16 * 16 / 64 for img in data.images]
    for f, label in zip(fill, data.labels):
        assert (f == 1.0) == (SHAPE_NAMES[label] == "square")


def test_sides_that_do_not_fit_are_refused():
    with pytest.raises(ValueError, match="max_side"):
        make_shapes(2, size=8, max_side=9)
