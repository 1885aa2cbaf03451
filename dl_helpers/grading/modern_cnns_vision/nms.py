"""Exercise nms: greedy non-maximum suppression, the indices of the kept boxes by decreasing score."""

from __future__ import annotations

import math

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import F64, choice, randint, seeded
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.grading.modern_cnns_vision._common import random_boxes


def _t(*rows) -> torch.Tensor:
    return torch.tensor(rows, dtype=F64)


def _scores(gen: torch.Generator, n: int) -> torch.Tensor:
    """n distinct scores in (0, 1), in random order (ties would leave the order to the sort)."""
    return (torch.randperm(n, generator=gen).to(F64) + torch.rand(n, generator=gen, dtype=F64) * 0.5 + 0.25) / n


def _fixed() -> list[Case]:
    pair = _t([0.0, 0.0, 2.0, 2.0], [0.2, 0.0, 2.2, 2.0])  # IoU 0.818
    return [
        Case("two nearly identical boxes, the second scoring higher", (pair, _t(0.6, 0.9), 0.5)),
        Case(
            "two boxes with IoU exactly 0.5 and threshold 0.5 (both kept)",
            (_t([0.0, 0.0, 3.0, 1.0], [1.0, 0.0, 4.0, 1.0]), _t(0.8, 0.7), 0.5),
        ),
        Case(
            "a chain: A overlaps B, B overlaps C, A and C apart; B scores highest",
            (_t([0.0, 0.0, 2.0, 1.0], [1.0, 0.0, 3.0, 1.0], [2.0, 0.0, 4.0, 1.0]), _t(0.5, 0.9, 0.7), 0.3),
        ),
        Case(
            "a chain: A scores highest, suppresses B; C overlaps only B and stays",
            (_t([0.0, 0.0, 2.0, 1.0], [1.0, 0.0, 3.0, 1.0], [2.0, 0.0, 4.0, 1.0]), _t(0.9, 0.7, 0.5), 0.3),
        ),
        Case(
            "two clusters of three boxes, scores out of index order",
            (
                _t(
                    [0.0, 0.0, 2.0, 2.0],
                    [5.0, 5.0, 7.0, 7.0],
                    [0.1, 0.1, 2.1, 2.1],
                    [5.2, 5.0, 7.2, 7.0],
                    [0.0, 0.2, 2.0, 2.2],
                    [4.9, 5.1, 6.9, 7.1],
                ),
                _t(0.3, 0.5, 0.9, 0.4, 0.6, 0.95),
                0.5,
            ),
        ),
    ]


def _random(gen: torch.Generator) -> Case:
    n = randint(gen, 3, 14)
    if randint(gen, 0, 1):  # whole-number corners close together: IoUs of exactly 1/3 or 1/2 happen
        extent, grid, threshold = float(randint(gen, 2, 4)), True, choice(gen, (1 / 3, 0.5))
    else:
        extent, grid, threshold = float(randint(gen, 2, 6)), False, choice(gen, (0.1, 0.2, 0.3, 0.5, 0.7))
    label = f"random: {n} boxes in [0, {extent:g}], threshold {threshold:.4g}" + (
        ", whole-number corners" if grid else ""
    )
    return Case(label, (random_boxes(gen, n, extent, grid), _scores(gen, n), threshold))


def _edge() -> list[Case]:
    gen = seeded(72)
    same = _t(*[[1.0, 1.0, 3.0, 2.0]] * 4)
    touching = _t([0.0, 0.0, 1.0, 1.0], [1.0, 0.0, 2.0, 1.0], [2.0, 0.0, 3.0, 1.0])
    many = random_boxes(gen, 30, 5.0)
    return [
        Case("a single box", (_t([0.0, 0.0, 1.0, 1.0]), _t(0.3), 0.5)),
        Case("four identical boxes: only the best stays", (same, _t(0.2, 0.9, 0.4, 0.1), 0.5)),
        Case("threshold 0: boxes that only touch (IoU 0) are all kept", (touching, _t(0.5, 0.7, 0.6), 0.0)),
        Case("threshold 1: nothing is suppressed", (many[:6], _scores(gen, 6), 1.0)),
        Case("30 boxes crowded in a small area", (many, _scores(gen, 30), 0.4)),
        Case("no boxes at all", (torch.zeros(0, 4, dtype=F64), torch.zeros(0, dtype=F64), 0.5)),
    ]


def _suppressed_still_suppress(boxes, scores, iou_threshold):
    """Every box that overlaps ANY higher-scoring box is dropped, whether that box was kept or not."""
    iou = ref.box_iou(boxes, boxes)  # (N, N)
    higher = scores[None, :] > scores[:, None]  # higher[i, j]: box j scores above box i
    dropped = ((iou > iou_threshold) & higher).any(dim=1)
    kept = torch.nonzero(~dropped).flatten()
    return kept[torch.sort(scores[kept], descending=True).indices]


def _index_order_greedy(boxes, scores, iou_threshold):
    """Greedy in index order: the scores are ignored (box 0 treated as the best)."""
    return ref.nms(boxes, -torch.arange(len(scores), dtype=scores.dtype, device=scores.device), iou_threshold)


EXERCISE = Exercise(
    name="nms",
    reference=ref.nms,
    fixed_cases=_fixed,
    random_case=_random,
    edge_cases=_edge,
    check_dtypes=False,
    mistakes=(
        Mistake(
            "suppressed_at_the_threshold",
            "a box whose IoU equals the threshold was dropped; suppress only when the IoU is strictly greater "
            "(iou > iou_threshold), as torchvision does.",
            lambda b, s, t: ref.nms(b, s, math.nextafter(t, -math.inf)),
        ),
        Mistake(
            "kept_in_index_order",
            "you kept the right boxes but returned them in index order; return them by decreasing score (the order "
            "in which the greedy loop keeps them).",
            lambda b, s, t: ref.nms(b, s, t).sort().values,
        ),
        Mistake(
            "scores_ignored",
            "you went through the boxes in index order; sort them by score first (torch.argsort(scores, descending=True)) "
            "and visit the best box first.",
            _index_order_greedy,
        ),
        Mistake(
            "lowest_score_first",
            "you visited the boxes from the lowest score up; sort by decreasing score (descending=True).",
            lambda b, s, t: ref.nms(b, -s, t),
        ),
        Mistake(
            "suppressed_boxes_suppress_others",
            "a box was dropped because it overlaps a box that was itself dropped; only KEPT boxes suppress others: "
            "after keeping a box, remove the remaining boxes it overlaps, then move on to the best box left.",
            _suppressed_still_suppress,
        ),
    ),
    forbidden=(
        "torchvision.ops.nms",
        "torchvision.ops.batched_nms",
        "torchvision.ops.boxes.nms",
        "dl_helpers.reference.detection.nms",
    ),
)
