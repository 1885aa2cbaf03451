"""Do the reference box_iou and nms agree with a brute-force oracle written box by box?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _boxes(g, n, integer=False):
    """n random boxes (x1, y1, x2, y2) in [0, 10], some on a coarse grid so that IoUs tie."""
    corners = torch.rand(n, 2, 2, generator=g, dtype=F64) * 10
    if integer:
        corners = corners.round()
    low, high = corners.min(dim=1).values, corners.max(dim=1).values + 0.5
    return torch.cat([low, high], dim=1)


def _iou_one(a, b):
    """The IoU of two boxes from Python floats, case by case."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    inter = w * h if w > 0 and h > 0 else 0.0
    area_a, area_b = (a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])
    return inter / (area_a + area_b - inter)


def _nms_oracle(boxes, scores, threshold):
    """Repeatedly take the best remaining box and drop every remaining box overlapping it by more than threshold."""
    remaining = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    keep = []
    while remaining:
        best = remaining.pop(0)
        keep.append(best)
        remaining = [i for i in remaining if _iou_one(boxes[best], boxes[i]) <= threshold]
    return keep


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(30))
def test_box_iou_matches_the_oracle(seed, device):
    g = torch.Generator().manual_seed(seed)
    a, b = _boxes(g, 1 + seed % 5, seed % 2 == 0), _boxes(g, 1 + seed % 7, seed % 3 == 0)
    expected = torch.tensor([[_iou_one(x, y) for y in b.tolist()] for x in a.tolist()], dtype=F64)
    torch.testing.assert_close(ref.box_iou(a.to(device), b.to(device)).cpu(), expected)


def test_box_iou_disjoint_along_both_axes_is_zero():
    iou = ref.box_iou(torch.tensor([[0.0, 0.0, 1.0, 1.0]]), torch.tensor([[2.0, 3.0, 4.0, 5.0]]))
    assert iou.item() == 0.0


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(40))
def test_nms_matches_the_oracle(seed, device):
    g = torch.Generator().manual_seed(seed)
    boxes = _boxes(g, 2 + seed % 12, integer=seed % 2 == 0)
    scores = torch.rand(len(boxes), generator=g, dtype=F64)
    threshold = [0.0, 0.1, 0.3, 0.5, 0.7][seed % 5]
    got = ref.nms(boxes.to(device), scores.to(device), threshold)
    assert got.dtype == torch.int64 and got.device.type == device
    assert got.tolist() == _nms_oracle(boxes.tolist(), scores.tolist(), threshold)


def test_nms_keeps_a_box_at_exactly_the_threshold():
    boxes = torch.tensor([[0.0, 0.0, 2.0, 1.0], [1.0, 0.0, 3.0, 1.0]])  # IoU exactly 1/3
    assert ref.nms(boxes, torch.tensor([0.9, 0.8]), 1 / 3).tolist() == [0, 1]
    assert ref.nms(boxes, torch.tensor([0.9, 0.8]), 0.3).tolist() == [0]


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match=r"\(N, 4\)"):
        ref.box_iou(torch.zeros(3, 5), torch.zeros(2, 4))
    with pytest.raises(ValueError, match="scores"):
        ref.nms(torch.zeros(3, 4), torch.zeros(2), 0.5)
