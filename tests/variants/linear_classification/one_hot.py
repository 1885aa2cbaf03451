"""Answers a student might hand in for ``one_hot``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "rows of the identity matrix",
        """
import torch
def one_hot(tensor, num_classes=-1):
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1
    return torch.eye(num_classes, dtype=torch.int64, device=tensor.device)[tensor]
""",
    ),
    _v(
        "scatter into zeros",
        """
import torch
def one_hot(tensor, num_classes=-1):
    k = int(tensor.max()) + 1 if num_classes == -1 else num_classes
    out = torch.zeros(*tensor.shape, k, dtype=torch.long, device=tensor.device)
    return out.scatter(-1, tensor.unsqueeze(-1), 1)
""",
    ),
    _v(
        "float identity rows",
        """
import torch
def one_hot(tensor, num_classes=-1):
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1
    return torch.eye(num_classes, device=tensor.device)[tensor]
""",
        "float_output",
    ),
    _v(
        "labels counted from 1",
        """
import torch
def one_hot(tensor, num_classes=-1):
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1
    return torch.eye(num_classes, dtype=torch.int64, device=tensor.device)[tensor - 1]
""",
        "shifted_by_one",
    ),
    _v(
        "width from the largest label",
        """
import torch
def one_hot(tensor, num_classes=-1):
    k = int(tensor.max()) + 1
    return (tensor.unsqueeze(-1) == torch.arange(k, device=tensor.device)).long()
""",
        "num_classes_ignored",
    ),
    _v(
        "classes along the first dimension",
        """
import torch
def one_hot(tensor, num_classes=-1):
    k = int(tensor.max()) + 1 if num_classes == -1 else num_classes
    return (torch.arange(k, device=tensor.device).reshape(-1, *([1] * tensor.dim())) == tensor).long()
""",
        "classes_first",
    ),
    _v(
        "flattened labels",
        """
import torch
def one_hot(tensor, num_classes=-1):
    k = int(tensor.max()) + 1 if num_classes == -1 else num_classes
    flat = tensor.reshape(-1)
    return (flat[:, None] == torch.arange(k, device=tensor.device)).long()
""",
        "leading_dims_flattened",
    ),
]
