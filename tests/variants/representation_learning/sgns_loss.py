"""sgns_loss as students write it."""

from __future__ import annotations

from variants import variant as _v

VARIANTS = [
    _v("sgns_loss", "logsigmoid and einsum", """
import torch
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = torch.einsum("nd,nd->n", center, context)
    neg = torch.einsum("nkd,nd->nk", negatives, center)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(1)).mean()
"""),
    _v("sgns_loss", "softplus, pair by pair", """
import torch
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    total = 0.0
    for v, u, noise in zip(center, context, negatives):
        total = total + F.softplus(-(u @ v)) + F.softplus(noise @ v).sum()
    return total / center.shape[0]
"""),
    _v("sgns_loss", "plus sign on the noise scores", """
import torch
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = torch.bmm(negatives, center.unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(neg).sum(1)).mean()
""", "negative_term_sign"),
    _v("sgns_loss", "sigmoid without the log", """
import torch
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = torch.bmm(negatives, center.unsqueeze(2)).squeeze(2)
    return -(torch.sigmoid(pos) + torch.sigmoid(-neg).sum(1)).mean()
""", "sigmoid_not_log_sigmoid"),
    _v("sgns_loss", "sum over the batch", """
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = (negatives * center[:, None, :]).sum(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(1)).sum()
""", "sum_over_pairs"),
    _v("sgns_loss", "mean over everything", """
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = (negatives * center[:, None, :]).sum(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).mean(1)).mean()
""", "mean_over_negatives"),
    _v("sgns_loss", "log of sigmoid", """
import torch
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = (negatives * center[:, None, :]).sum(2)
    return -(torch.log(torch.sigmoid(pos)) + torch.log(torch.sigmoid(-neg)).sum(1)).mean()
""", "unstable_log_sigmoid"),
    _v("sgns_loss", "log-likelihood returned", """
import torch.nn.functional as F
def sgns_loss(center, context, negatives):
    pos = (center * context).sum(1)
    neg = (negatives * center[:, None, :]).sum(2)
    return (F.logsigmoid(pos) + F.logsigmoid(-neg).sum(1)).mean()
""", "log_likelihood_not_loss"),
]
