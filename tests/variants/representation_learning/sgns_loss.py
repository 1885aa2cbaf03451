"""sgns_loss as students write it."""

from variants import variant as _v

VARIANTS = [
    _v(
        "logsigmoid and einsum",
        """
import torch
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = torch.einsum("nd,nd->n", center, context)
    neg = torch.einsum("nkd,nd->nk", negatives, center)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(1)).mean()
""",
    ),
    _v(
        "softplus, pair by pair",
        """
import torch
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    total = 0.0
    for v, u, noise in zip(center, context, negatives):
        total = total + F.softplus(-(u @ v)) + F.softplus(noise @ v).sum()
    return total / center.shape[0]
""",
    ),
    _v(
        "plus sign on the noise scores",
        """
import torch
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = torch.bmm(negatives, center.unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(neg).sum(1)).mean()
""",
        "negative_term_sign",
    ),
    _v(
        "sigmoid without the log",
        """
import torch
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = torch.bmm(negatives, center.unsqueeze(2)).squeeze(2)
    return -(torch.sigmoid(pos) + torch.sigmoid(-neg).sum(1)).mean()
""",
        "sigmoid_not_log_sigmoid",
    ),
    _v(
        "sum over the batch",
        """
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = (negatives * center[:, None, :]).sum(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(1)).sum()
""",
        "sum_over_pairs",
    ),
    _v(
        "mean over everything",
        """
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = (negatives * center[:, None, :]).sum(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).mean(1)).mean()
""",
        "mean_over_negatives",
    ),
    _v(
        "log of sigmoid",
        """
import torch
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = (negatives * center[:, None, :]).sum(2)
    return -(torch.log(torch.sigmoid(pos)) + torch.log(torch.sigmoid(-neg)).sum(1)).mean()
""",
        "unstable_log_sigmoid",
    ),
    _v(
        "log-likelihood returned",
        """
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = (negatives * center[:, None, :]).sum(2)
    return (F.logsigmoid(pos) + F.logsigmoid(-neg).sum(1)).mean()
""",
        "log_likelihood_not_loss",
    ),
]
