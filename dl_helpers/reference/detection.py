"""Boxes for object detection: the intersection over union of two sets of boxes and non-maximum suppression.

Boxes are (x1, y1, x2, y2) corners with x1 <= x2 and y1 <= y2, in continuous coordinates (a box
from 0 to 2 is 2 wide), as in ``torchvision.ops``. For boxes a and b

    inter = max(0, min(a.x2, b.x2) - max(a.x1, b.x1)) * max(0, min(a.y2, b.y2) - max(a.y1, b.y1))
    IoU(a, b) = inter / (area(a) + area(b) - inter)

Each factor of the overlap is clamped at 0 on its own: two boxes apart along both axes would
otherwise multiply two negative widths into a positive "overlap".

Non-maximum suppression (NMS) keeps, greedily in decreasing score, every box whose IoU with each
box kept before it is at most the threshold; a box is suppressed only when its IoU is strictly
larger (as ``torchvision.ops.nms``), and only kept boxes suppress others.
"""

from __future__ import annotations

import torch
from torch import Tensor


def _check_boxes(name: str, boxes: Tensor) -> None:
    if boxes.dim() != 2 or boxes.shape[1] != 4:
        raise ValueError(f"{name} must have shape (N, 4) as (x1, y1, x2, y2), got {tuple(boxes.shape)}")


def box_area(boxes: Tensor) -> Tensor:
    """Areas (x2 - x1) (y2 - y1) of (N, 4) boxes, shape (N,)."""
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def box_iou(boxes1: Tensor, boxes2: Tensor) -> Tensor:
    """Pairwise intersection over union: ``iou[i, j] = inter(b1_i, b2_j) / (area1_i + area2_j - inter)``.

    Args:
        boxes1: (N, 4) boxes (x1, y1, x2, y2), x1 <= x2, y1 <= y2.
        boxes2: (M, 4) boxes in the same format.

    Returns:
        (N, M) IoUs in [0, 1]: 0 for disjoint boxes, 1 for identical ones.

    Raises:
        ValueError: a set of boxes is not (N, 4).

    Example:
        >>> box_iou(torch.tensor([[0.0, 0.0, 2.0, 2.0]]), torch.tensor([[1.0, 1.0, 3.0, 3.0], [5.0, 5.0, 6.0, 6.0]]))
        tensor([[0.1429, 0.0000]])
    """
    _check_boxes("boxes1", boxes1)
    _check_boxes("boxes2", boxes2)
    top_left = torch.maximum(boxes1[:, None, :2], boxes2[None, :, :2])  # (N, M, 2)
    bottom_right = torch.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])  # (N, M, 2)
    sides = (bottom_right - top_left).clamp(min=0)  # (N, M, 2): each side clamped on its own
    inter = sides[..., 0] * sides[..., 1]  # (N, M)
    union = box_area(boxes1)[:, None] + box_area(boxes2)[None, :] - inter  # (N, M)
    return inter / union


def nms(boxes: Tensor, scores: Tensor, iou_threshold: float) -> Tensor:
    """Greedy non-maximum suppression: the indices of the kept boxes, in decreasing score.

    Args:
        boxes: (N, 4) boxes (x1, y1, x2, y2).
        scores: (N,) a score per box.
        iou_threshold: a box is dropped when its IoU with a kept, higher-scoring box is > this.

    Returns:
        (K,) int64 indices into ``boxes``, highest score first, on the boxes' device.

    Raises:
        ValueError: the shapes do not fit.

    Example:
        >>> boxes = torch.tensor([[0.0, 0.0, 2.0, 2.0], [0.1, 0.0, 2.1, 2.0], [3.0, 3.0, 4.0, 4.0]])
        >>> nms(boxes, torch.tensor([0.9, 0.95, 0.5]), 0.5)
        tensor([1, 2])
    """
    _check_boxes("boxes", boxes)
    if scores.shape != boxes.shape[:1]:
        raise ValueError(f"scores must have shape ({boxes.shape[0]},), got {tuple(scores.shape)}")
    order = torch.sort(scores, descending=True, stable=True).indices  # (N,)
    iou = box_iou(boxes, boxes)  # (N, N)
    suppressed = torch.zeros(len(order), dtype=torch.bool, device=boxes.device)
    keep = []
    for i in order.tolist():
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= iou[i] > iou_threshold
    return torch.tensor(keep, dtype=torch.int64, device=boxes.device)
