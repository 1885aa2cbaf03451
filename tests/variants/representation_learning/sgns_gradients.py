"""sgns_gradients as students write it."""

from variants import variant as _v

VARIANTS = [
    _v(
        "vectorised",
        """
import torch
def sgns_gradients(center, context, negatives):
    n = center.shape[0]
    s_pos = torch.sigmoid((center * context).sum(1, keepdim=True))
    s_neg = torch.sigmoid(torch.einsum("nkd,nd->nk", negatives, center))
    g_center = ((s_pos - 1) * context + torch.einsum("nk,nkd->nd", s_neg, negatives)) / n
    g_context = (s_pos - 1) * center / n
    g_negatives = s_neg[:, :, None] * center[:, None, :] / n
    return g_center, g_context, g_negatives
""",
    ),
    _v(
        "pair by pair, noise word by noise word",
        """
import torch
def sgns_gradients(center, context, negatives):
    n, k, _ = negatives.shape
    g_center = torch.zeros_like(center)
    g_context = torch.zeros_like(context)
    g_negatives = torch.zeros_like(negatives)
    for i in range(n):
        e = torch.sigmoid(center[i] @ context[i]) - 1
        g_center[i] += e * context[i] / n
        g_context[i] = e * center[i] / n
        for j in range(k):
            s = torch.sigmoid(negatives[i, j] @ center[i])
            g_center[i] += s * negatives[i, j] / n
            g_negatives[i, j] = s * center[i] / n
    return g_center, g_context, g_negatives
""",
    ),
    _v(
        "no 1/N",
        """
import torch
def sgns_gradients(center, context, negatives):
    s_pos = torch.sigmoid((center * context).sum(1, keepdim=True))
    s_neg = torch.sigmoid(torch.einsum("nkd,nd->nk", negatives, center))
    g_center = (s_pos - 1) * context + torch.einsum("nk,nkd->nd", s_neg, negatives)
    return g_center, (s_pos - 1) * center, s_neg[:, :, None] * center[:, None, :]
""",
        "missing_batch_mean",
    ),
    _v(
        "1 - sigmoid for the real pair",
        """
import torch
def sgns_gradients(center, context, negatives):
    n = center.shape[0]
    s_pos = torch.sigmoid((center * context).sum(1, keepdim=True))
    s_neg = torch.sigmoid(torch.einsum("nkd,nd->nk", negatives, center))
    g_center = ((1 - s_pos) * context + torch.einsum("nk,nkd->nd", s_neg, negatives)) / n
    return g_center, (1 - s_pos) * center / n, s_neg[:, :, None] * center[:, None, :] / n
""",
        "positive_error_flipped",
    ),
    _v(
        "sigmoid of minus the noise score",
        """
import torch
def sgns_gradients(center, context, negatives):
    n = center.shape[0]
    s_pos = torch.sigmoid((center * context).sum(1, keepdim=True))
    s_neg = torch.sigmoid(-torch.einsum("nkd,nd->nk", negatives, center))
    g_center = ((s_pos - 1) * context + torch.einsum("nk,nkd->nd", s_neg, negatives)) / n
    return g_center, (s_pos - 1) * center / n, s_neg[:, :, None] * center[:, None, :] / n
""",
        "negatives_with_minus_sigmoid",
    ),
    _v(
        "centre gradient from the real pair only",
        """
import torch
def sgns_gradients(center, context, negatives):
    n = center.shape[0]
    s_pos = torch.sigmoid((center * context).sum(1, keepdim=True))
    s_neg = torch.sigmoid(torch.einsum("nkd,nd->nk", negatives, center))
    return (s_pos - 1) * context / n, (s_pos - 1) * center / n, s_neg[:, :, None] * center[:, None, :] / n
""",
        "negatives_missing_from_center",
    ),
    _v(
        "gradient of the log-likelihood",
        """
import torch
def sgns_gradients(center, context, negatives):
    n = center.shape[0]
    s_pos = torch.sigmoid((center * context).sum(1, keepdim=True))
    s_neg = torch.sigmoid(torch.einsum("nkd,nd->nk", negatives, center))
    g_center = ((1 - s_pos) * context - torch.einsum("nk,nkd->nd", s_neg, negatives)) / n
    return g_center, (1 - s_pos) * center / n, -s_neg[:, :, None] * center[:, None, :] / n
""",
        "gradient_ascent_sign",
    ),
]
