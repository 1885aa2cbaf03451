"""Answers a student might hand in for ``nms``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

_IOU = """
import torch

def _iou(a, b):
    lt = torch.max(a[:, None, :2], b[:, :2])
    rb = torch.min(a[:, None, 2:], b[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=-1)
    area_a = (a[:, 2:] - a[:, :2]).prod(dim=1)
    area_b = (b[:, 2:] - b[:, :2]).prod(dim=1)
    return inter / (area_a[:, None] + area_b - inter)
"""

VARIANTS = [
    _v(
        "while loop over a shrinking order",
        _IOU
        + """
def nms(boxes, scores, iou_threshold):
    order = torch.argsort(scores, descending=True)
    keep = []
    while order.numel() > 0:
        best = order[0]
        keep.append(best)
        rest = order[1:]
        ious = _iou(boxes[best][None], boxes[rest])[0]
        order = rest[ious <= iou_threshold]
    if not keep:
        return torch.zeros(0, dtype=torch.long, device=boxes.device)
    return torch.stack(keep)
""",
    ),
    _v(
        "python lists with a keep mask",
        _IOU
        + """
def nms(boxes, scores, iou_threshold):
    n = len(scores)
    order = sorted(range(n), key=lambda i: -float(scores[i]))
    alive = [True] * n
    iou = _iou(boxes, boxes)
    keep = []
    for pos, i in enumerate(order):
        if not alive[i]:
            continue
        keep.append(i)
        for j in order[pos + 1:]:
            if iou[i, j] > iou_threshold:
                alive[j] = False
    return torch.tensor(keep, dtype=torch.int64, device=boxes.device)
""",
    ),
    _v(
        "suppresses at IoU >= threshold",
        _IOU
        + """
def nms(boxes, scores, iou_threshold):
    order = torch.argsort(scores, descending=True)
    keep = []
    while order.numel() > 0:
        best = order[0]
        keep.append(int(best))
        rest = order[1:]
        order = rest[_iou(boxes[best][None], boxes[rest])[0] < iou_threshold]
    return torch.tensor(keep, dtype=torch.int64, device=boxes.device)
""",
        "suppressed_at_the_threshold",
    ),
    _v(
        "returns the kept indices sorted",
        _IOU
        + """
def nms(boxes, scores, iou_threshold):
    order = torch.argsort(scores, descending=True)
    keep = []
    while order.numel() > 0:
        best = order[0]
        keep.append(int(best))
        rest = order[1:]
        order = rest[_iou(boxes[best][None], boxes[rest])[0] <= iou_threshold]
    return torch.tensor(sorted(keep), dtype=torch.int64, device=boxes.device)
""",
        "kept_in_index_order",
    ),
    _v(
        "forgets to sort by score",
        _IOU
        + """
def nms(boxes, scores, iou_threshold):
    iou = _iou(boxes, boxes)
    alive = torch.ones(len(scores), dtype=torch.bool, device=boxes.device)
    keep = []
    for i in range(len(scores)):
        if alive[i]:
            keep.append(i)
            alive &= iou[i] <= iou_threshold
    return torch.tensor(keep, dtype=torch.int64, device=boxes.device)
""",
        "scores_ignored",
    ),
    _v(
        "sorts ascending",
        _IOU
        + """
def nms(boxes, scores, iou_threshold):
    order = torch.argsort(scores)
    keep = []
    while order.numel() > 0:
        best = order[0]
        keep.append(int(best))
        rest = order[1:]
        order = rest[_iou(boxes[best][None], boxes[rest])[0] <= iou_threshold]
    return torch.tensor(keep, dtype=torch.int64, device=boxes.device)
""",
        "lowest_score_first",
    ),
    _v(
        "one vectorised pass: any higher-scoring overlap suppresses",
        _IOU
        + """
def nms(boxes, scores, iou_threshold):
    order = torch.argsort(scores, descending=True)
    iou = _iou(boxes[order], boxes[order])
    overlaps_earlier = torch.triu(iou > iou_threshold, diagonal=1).any(dim=0)
    return order[~overlaps_earlier]
""",
        "suppressed_boxes_suppress_others",
    ),
]
