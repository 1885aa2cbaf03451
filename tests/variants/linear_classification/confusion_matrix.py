"""Answers a student might hand in for ``confusion_matrix``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "loop over the samples",
        """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=y_true.device)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        matrix[t, p] += 1
    return matrix
""",
    ),
    _v(
        "index_put_ with accumulate",
        """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.long, device=y_true.device)
    return matrix.index_put_((y_true, y_pred), torch.ones_like(y_true), accumulate=True)
""",
    ),
    _v(
        "rows are predictions",
        """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=y_true.device)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        matrix[p, t] += 1
    return matrix
""",
        "transposed",
    ),
    _v(
        "fancy-index += 1",
        """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=y_true.device)
    matrix[y_true, y_pred] += 1
    return matrix
""",
        "duplicates_not_accumulated",
    ),
    _v(
        "size from the labels",
        """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    k = int(max(y_true.max(), y_pred.max())) + 1
    return torch.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)
""",
        "size_from_labels",
    ),
    _v(
        "fractions of all samples",
        """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, device=y_true.device)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        matrix[t, p] += 1
    return matrix / len(y_true)
""",
        "normalised",
    ),
]
