"""Answers a student might hand in for ``box_iou``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "double loop over pairs",
        """
import torch

def box_iou(boxes1, boxes2):
    out = boxes1.new_zeros(len(boxes1), len(boxes2))
    for i in range(len(boxes1)):
        for j in range(len(boxes2)):
            a, b = boxes1[i], boxes2[j]
            w = (torch.minimum(a[2], b[2]) - torch.maximum(a[0], b[0])).clamp(min=0)
            h = (torch.minimum(a[3], b[3]) - torch.maximum(a[1], b[1])).clamp(min=0)
            inter = w * h
            union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
            out[i, j] = inter / union
    return out
""",
    ),
    _v(
        "unbind the coordinates, relu for the clamp",
        """
import torch

def box_iou(boxes1, boxes2):
    ax1, ay1, ax2, ay2 = [c[:, None] for c in boxes1.unbind(dim=1)]
    bx1, by1, bx2, by2 = [c[None, :] for c in boxes2.unbind(dim=1)]
    inter = torch.relu(torch.min(ax2, bx2) - torch.max(ax1, bx1)) * torch.relu(torch.min(ay2, by2) - torch.max(ay1, by1))
    area_a, area_b = (ax2 - ax1) * (ay2 - ay1), (bx2 - bx1) * (by2 - by1)
    return inter / (area_a + area_b - inter)
""",
    ),
    _v(
        "clamps the product, not the sides",
        """
import torch

def box_iou(boxes1, boxes2):
    lt = torch.max(boxes1[:, None, :2], boxes2[:, :2])
    rb = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])
    wh = rb - lt
    inter = torch.clamp(wh[..., 0] * wh[..., 1], min=0)
    a1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
    a2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
    return inter / (a1[:, None] + a2 - inter)
""",
        "product_clamped_not_sides",
    ),
    _v(
        "no clamp at all",
        """
import torch

def box_iou(boxes1, boxes2):
    lt = torch.max(boxes1[:, None, :2], boxes2[:, :2])
    rb = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])
    inter = (rb - lt).prod(dim=-1)
    a1 = (boxes1[:, 2:] - boxes1[:, :2]).prod(dim=1)
    a2 = (boxes2[:, 2:] - boxes2[:, :2]).prod(dim=1)
    return inter / (a1[:, None] + a2 - inter)
""",
        "overlap_not_clamped",
    ),
    _v(
        "union is the sum of the areas",
        """
import torch

def box_iou(boxes1, boxes2):
    lt = torch.max(boxes1[:, None, :2], boxes2[:, :2])
    rb = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=-1)
    a1 = (boxes1[:, 2:] - boxes1[:, :2]).prod(dim=1)
    a2 = (boxes2[:, 2:] - boxes2[:, :2]).prod(dim=1)
    return inter / (a1[:, None] + a2)
""",
        "union_counts_intersection_twice",
    ),
    _v(
        "pixel-inclusive widths (+1)",
        """
import torch

def box_iou(boxes1, boxes2):
    lt = torch.max(boxes1[:, None, :2], boxes2[:, :2])
    rb = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])
    inter = (rb - lt + 1).clamp(min=0).prod(dim=-1)
    a1 = (boxes1[:, 2:] - boxes1[:, :2] + 1).prod(dim=1)
    a2 = (boxes2[:, 2:] - boxes2[:, :2] + 1).prod(dim=1)
    return inter / (a1[:, None] + a2 - inter)
""",
        "plus_one_pixel",
    ),
    _v(
        "rows for boxes2",
        """
import torch

def box_iou(boxes1, boxes2):
    lt = torch.max(boxes2[:, None, :2], boxes1[:, :2])
    rb = torch.min(boxes2[:, None, 2:], boxes1[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=-1)
    a1 = (boxes1[:, 2:] - boxes1[:, :2]).prod(dim=1)
    a2 = (boxes2[:, 2:] - boxes2[:, :2]).prod(dim=1)
    return inter / (a2[:, None] + a1 - inter)
""",
        "pairs_transposed",
    ),
]
