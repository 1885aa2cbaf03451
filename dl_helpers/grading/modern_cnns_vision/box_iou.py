"""Exercise box_iou: the intersection over union of every pair of boxes from two sets."""

from __future__ import annotations

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, randint, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.modern_cnns_vision._common import random_boxes


def _t(*rows) -> torch.Tensor:
    return torch.tensor(rows, dtype=F64)


def _fixed() -> list[Case]:
    unit = _t([0.0, 0.0, 2.0, 2.0])
    return [
        Case("two 2x2 boxes overlapping in a 1x1 square (IoU 1/7)", (unit, _t([1.0, 1.0, 3.0, 3.0]))),
        Case("a box and itself (IoU 1)", (unit, unit.clone())),
        Case("a 1x1 box inside a 2x2 box (IoU 1/4)", (unit, _t([0.5, 0.5, 1.5, 1.5]))),
        Case(
            "boxes apart along x only, then along both x and y", (unit, _t([3.0, 0.0, 5.0, 2.0], [3.0, 4.0, 5.0, 6.0]))
        ),
        Case(
            "3 boxes against 2, non-square, some overlapping",
            (
                _t([0.0, 0.0, 4.0, 2.0], [1.0, 1.0, 2.0, 5.0], [6.0, 0.0, 7.0, 1.0]),
                _t([2.0, 0.0, 6.0, 3.0], [0.0, 3.0, 3.0, 4.0]),
            ),
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    n, m, grid = randint(gen, 1, 6), randint(gen, 1, 6), randint(gen, 0, 2) == 0
    extent = float(randint(gen, 2, 10))
    label = f"random: {n} boxes against {m}, corners in [0, {extent:g}]" + (", whole-number corners" if grid else "")
    return Case(label, (random_boxes(gen, n, extent, grid), random_boxes(gen, m, extent, grid)))


def _edge() -> list[Case]:
    gen = seeded(71)
    return [
        Case(
            "boxes that share only an edge or a corner (IoU 0)",
            (_t([0.0, 0.0, 1.0, 1.0]), _t([1.0, 0.0, 2.0, 1.0], [1.0, 1.0, 2.0, 2.0])),
        ),
        Case("a box of zero width against a normal box", (_t([1.0, 0.0, 1.0, 2.0]), _t([0.0, 0.0, 2.0, 2.0]))),
        Case("tiny boxes, 1e-3 wide", (1e-3 * random_boxes(gen, 3, 2.0), 1e-3 * random_boxes(gen, 2, 2.0))),
        Case("coordinates around 1e4", (1e4 + random_boxes(gen, 2, 3.0), 1e4 + random_boxes(gen, 4, 3.0))),
        Case("one box against 20", (random_boxes(gen, 1, 4.0), random_boxes(gen, 20, 4.0))),
    ]


def _unclamped(boxes1, boxes2):
    """The overlap's sides are not clamped at 0: disjoint boxes get a negative (or positive) 'intersection'."""
    top_left = torch.maximum(boxes1[:, None, :2], boxes2[None, :, :2])
    bottom_right = torch.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
    sides = bottom_right - top_left
    inter = sides[..., 0] * sides[..., 1]
    return inter / (ref.box_area(boxes1)[:, None] + ref.box_area(boxes2)[None, :] - inter)


def _product_clamped(boxes1, boxes2):
    """The product of the sides is clamped, not each side: two negative sides give a positive 'intersection'."""
    top_left = torch.maximum(boxes1[:, None, :2], boxes2[None, :, :2])
    bottom_right = torch.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
    sides = bottom_right - top_left
    inter = (sides[..., 0] * sides[..., 1]).clamp(min=0)
    return inter / (ref.box_area(boxes1)[:, None] + ref.box_area(boxes2)[None, :] - inter)


def _plus_one(boxes):
    """Every width and height one larger (the old 'pixels are inclusive' convention)."""
    return boxes + boxes.new_tensor([0.0, 0.0, 1.0, 1.0])


EXERCISE = Exercise(
    name="box_iou",
    reference=ref.box_iou,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    mistakes=(
        Mistake(
            "product_clamped_not_sides",
            "you clamped the product of the overlap's width and height; boxes apart along both axes have two negative "
            "sides whose product is positive. Clamp each side at 0 first: (min(x2) - max(x1)).clamp(min=0), and the same for y.",
            _product_clamped,
        ),
        Mistake(
            "overlap_not_clamped",
            "disjoint boxes give a negative overlap width or height: clamp each side of the intersection at 0 "
            "((min(x2) - max(x1)).clamp(min=0)) before multiplying.",
            _unclamped,
        ),
        Mistake(
            "union_counts_intersection_twice",
            "your union is area1 + area2, which counts the overlap twice: subtract the intersection, "
            "union = area1 + area2 - intersection.",
            lambda a, b: (lambda iou: iou / (1 + iou))(ref.box_iou(a, b)),
        ),
        Mistake(
            "plus_one_pixel",
            "you added 1 to the widths and heights (x2 - x1 + 1), a convention for inclusive pixel indices; here "
            "coordinates are continuous, so a box from x1 to x2 is x2 - x1 wide.",
            lambda a, b: ref.box_iou(_plus_one(a), _plus_one(b)),
        ),
        Mistake(
            "pairs_transposed",
            "your result is (M, N); iou[i, j] pairs boxes1[i] with boxes2[j], so the result has one row per box of boxes1.",
            lambda a, b: ref.box_iou(b, a),
        ),
    ),
    forbidden=(
        "torchvision.ops.box_iou",
        "torchvision.ops.boxes.box_iou",
        "dl_helpers.reference.detection.box_iou",
    ),
)
