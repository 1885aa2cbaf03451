"""Chapter 02 implementations a student might hand in: correct alternatives and plausible wrong ones."""

from __future__ import annotations

from variants import variant as _v

VARIANTS = [
    # -- perceptron_step -------------------------------------------------------------------
    _v("perceptron_step", "sign of the score compared with the label", """
import torch
def perceptron_step(weight, bias, x, y, lr=1.0):
    score = torch.dot(weight, x) + bias
    if torch.sign(score) != y:  # sign(0) = 0 is never a label, so a zero score updates too
        weight = weight + lr * y * x
        bias = bias + lr * y
    return weight.clone(), bias.clone()
"""),
    _v("perceptron_step", "bias as the weight of a constant feature", """
import torch
def perceptron_step(weight, bias, x, y, lr=1.0):
    w = torch.cat([weight, bias.reshape(1)])
    xb = torch.cat([x, torch.ones_like(x[:1])])
    if y * (w @ xb) <= 0:
        w = w + lr * y * xb
    return w[:-1], w[-1]
"""),
    _v("perceptron_step", "margin < 0", """
def perceptron_step(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) < 0:
        return weight + lr * y * x, bias + lr * y
    return weight, bias
""", "strict_inequality"),
    _v("perceptron_step", "update on every sample", """
def perceptron_step(weight, bias, x, y, lr=1.0):
    return weight + lr * y * x, bias + lr * y
""", "always_updates"),
    _v("perceptron_step", "adds x whatever the label", """
def perceptron_step(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) <= 0:
        return weight + lr * x, bias + lr
    return weight, bias
""", "label_not_used"),
    _v("perceptron_step", "subtracts y x", """
def perceptron_step(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) <= 0:
        return weight - lr * y * x, bias - lr * y
    return weight, bias
""", "wrong_sign"),
    _v("perceptron_step", "bias left alone", """
def perceptron_step(weight, bias, x, y, lr=1.0):
    if y * (weight @ x + bias) <= 0:
        return weight + lr * y * x, bias
    return weight, bias
""", "bias_not_updated"),
    # -- binary_cross_entropy_with_logits --------------------------------------------------
    _v("binary_cross_entropy_with_logits", "(1 - y) z + softplus(-z) with logaddexp", """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = (1 - target) * input + torch.logaddexp(torch.zeros_like(input), -input)
    if reduction == "none":
        return loss
    return loss.sum() if reduction == "sum" else loss.mean()
"""),
    _v("binary_cross_entropy_with_logits", "max(z, 0) - y z + log1p(exp(-|z|))", """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = input.clamp(min=0) - target * input + torch.log1p(torch.exp(-input.abs()))
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]
"""),
    _v("binary_cross_entropy_with_logits", "log of the sigmoid", """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    p = torch.sigmoid(input)
    loss = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]
""", "log_of_sigmoid"),
    _v("binary_cross_entropy_with_logits", "log(1 + exp(z)) - y z", """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = torch.log(1 + torch.exp(input)) - target * input
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]
""", "softplus_overflow"),
    _v("binary_cross_entropy_with_logits", "F.binary_cross_entropy on the sigmoid", """
import torch
import torch.nn.functional as F
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    return F.binary_cross_entropy(torch.sigmoid(input), target, reduction=reduction)
""", "clamped_log"),
    _v("binary_cross_entropy_with_logits", "summed", """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = input.clamp(min=0) - target * input + torch.log1p(torch.exp(-input.abs()))
    return loss if reduction == "none" else loss.sum()
""", "sum_instead_of_mean"),
    _v("binary_cross_entropy_with_logits", "y and 1 - y swapped", """
import torch
def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    loss = input.clamp(min=0) - (1 - target) * input + torch.log1p(torch.exp(-input.abs()))
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]
""", "targets_swapped"),
    # -- one_hot ---------------------------------------------------------------------------
    _v("one_hot", "rows of the identity matrix", """
import torch
def one_hot(tensor, num_classes=-1):
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1
    return torch.eye(num_classes, dtype=torch.int64, device=tensor.device)[tensor]
"""),
    _v("one_hot", "scatter into zeros", """
import torch
def one_hot(tensor, num_classes=-1):
    k = int(tensor.max()) + 1 if num_classes == -1 else num_classes
    out = torch.zeros(*tensor.shape, k, dtype=torch.long, device=tensor.device)
    return out.scatter(-1, tensor.unsqueeze(-1), 1)
"""),
    _v("one_hot", "float identity rows", """
import torch
def one_hot(tensor, num_classes=-1):
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1
    return torch.eye(num_classes, device=tensor.device)[tensor]
""", "float_output"),
    _v("one_hot", "labels counted from 1", """
import torch
def one_hot(tensor, num_classes=-1):
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1
    return torch.eye(num_classes, dtype=torch.int64, device=tensor.device)[tensor - 1]
""", "shifted_by_one"),
    _v("one_hot", "width from the largest label", """
import torch
def one_hot(tensor, num_classes=-1):
    k = int(tensor.max()) + 1
    return (tensor.unsqueeze(-1) == torch.arange(k, device=tensor.device)).long()
""", "num_classes_ignored"),
    _v("one_hot", "classes along the first dimension", """
import torch
def one_hot(tensor, num_classes=-1):
    k = int(tensor.max()) + 1 if num_classes == -1 else num_classes
    return (torch.arange(k, device=tensor.device).reshape(-1, *([1] * tensor.dim())) == tensor).long()
""", "classes_first"),
    _v("one_hot", "flattened labels", """
import torch
def one_hot(tensor, num_classes=-1):
    k = int(tensor.max()) + 1 if num_classes == -1 else num_classes
    flat = tensor.reshape(-1)
    return (flat[:, None] == torch.arange(k, device=tensor.device)).long()
""", "leading_dims_flattened"),
    # -- logsumexp -------------------------------------------------------------------------
    _v("logsumexp", "max along dim, then keepdim by squeeze", """
import torch
def logsumexp(input, dim, keepdim=False):
    m = input.max(dim=dim, keepdim=True).values
    out = m + torch.log(torch.sum(torch.exp(input - m), dim=dim, keepdim=True))
    return out if keepdim else out.squeeze(dim)
"""),
    _v("logsumexp", "slices moved last, one at a time", """
import torch
def logsumexp(input, dim, keepdim=False):
    moved = input.movedim(dim, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    rows = []
    for row in flat:
        m = row.max()
        rows.append(m + torch.log(torch.exp(row - m).sum()))
    out = torch.stack(rows).reshape(moved.shape[:-1])
    return out.unsqueeze(dim) if keepdim else out
"""),
    _v("logsumexp", "log(sum(exp(x)))", """
import torch
def logsumexp(input, dim, keepdim=False):
    return torch.log(torch.exp(input).sum(dim=dim, keepdim=keepdim))
""", "no_max_subtraction"),
    _v("logsumexp", "max of the whole tensor", """
import torch
def logsumexp(input, dim, keepdim=False):
    m = input.max()
    return m + torch.log(torch.exp(input - m).sum(dim=dim, keepdim=keepdim))
""", "global_max"),
    _v("logsumexp", "shifted but not shifted back", """
import torch
def logsumexp(input, dim, keepdim=False):
    m = input.amax(dim=dim, keepdim=True)
    return torch.log(torch.exp(input - m).sum(dim=dim, keepdim=keepdim))
""", "max_not_added_back"),
    _v("logsumexp", "always keeps the dimension", """
import torch
def logsumexp(input, dim, keepdim=False):
    m = input.amax(dim=dim, keepdim=True)
    return m + torch.log(torch.exp(input - m).sum(dim=dim, keepdim=True))
""", "keepdim_ignored"),
    # -- cross_entropy ---------------------------------------------------------------------
    _v("cross_entropy", "logsumexp minus the picked logit", """
import torch
def cross_entropy(input, target, reduction="mean"):
    m = input.amax(dim=1, keepdim=True)
    lse = (m + torch.log(torch.exp(input - m).sum(dim=1, keepdim=True))).squeeze(1)
    losses = lse - input[torch.arange(input.shape[0], device=input.device), target]
    if reduction == "none":
        return losses
    return losses.sum() if reduction == "sum" else losses.mean()
"""),
    _v("cross_entropy", "one-hot times log-probabilities", """
import torch
def cross_entropy(input, target, reduction="mean"):
    shifted = input - input.max(dim=1, keepdim=True).values
    log_probs = shifted - torch.log(torch.exp(shifted).sum(dim=1, keepdim=True))
    y = (target[:, None] == torch.arange(input.shape[1], device=input.device)).to(input.dtype)
    losses = -(y * log_probs).sum(dim=1)
    return {"none": losses, "sum": losses.sum(), "mean": losses.sum() / input.shape[0]}[reduction]
"""),
    _v("cross_entropy", "log of softmax", """
import torch
def cross_entropy(input, target, reduction="mean"):
    p = torch.softmax(input, dim=1)
    losses = -torch.log(p[torch.arange(len(target), device=input.device), target])
    return {"none": losses, "sum": losses.sum(), "mean": losses.mean()}[reduction]
""", "log_of_softmax"),
    _v("cross_entropy", "softmax over the batch", """
import torch
def cross_entropy(input, target, reduction="mean"):
    m = input.amax(dim=0, keepdim=True)
    log_probs = input - m - torch.log(torch.exp(input - m).sum(dim=0, keepdim=True))
    losses = -log_probs[torch.arange(len(target), device=input.device), target]
    return {"none": losses, "sum": losses.sum(), "mean": losses.mean()}[reduction]
""", "softmax_over_batch"),
    _v("cross_entropy", "exp of raw logits", """
import torch
def cross_entropy(input, target, reduction="mean"):
    log_probs = input - torch.log(torch.exp(input).sum(dim=1, keepdim=True))
    losses = -log_probs[torch.arange(len(target), device=input.device), target]
    return {"none": losses, "sum": losses.sum(), "mean": losses.mean()}[reduction]
""", "no_max_subtraction"),
    _v("cross_entropy", "mean over every logit", """
import torch
def cross_entropy(input, target, reduction="mean"):
    m = input.amax(dim=1, keepdim=True)
    log_probs = input - m - torch.log(torch.exp(input - m).sum(dim=1, keepdim=True))
    y = (target[:, None] == torch.arange(input.shape[1], device=input.device)).to(input.dtype)
    terms = -(y * log_probs)
    if reduction == "none":
        return terms.sum(dim=1)
    return terms.sum() if reduction == "sum" else terms.mean()
""", "mean_over_all_logits"),
    _v("cross_entropy", "summed", """
import torch
def cross_entropy(input, target, reduction="mean"):
    m = input.amax(dim=1, keepdim=True)
    lse = (m + torch.log(torch.exp(input - m).sum(dim=1, keepdim=True)))[:, 0]
    losses = lse - input.gather(1, target[:, None])[:, 0]
    return losses if reduction == "none" else losses.sum()
""", "sum_instead_of_mean"),
    # -- softmax_regression_gradients ------------------------------------------------------
    _v("softmax_regression_gradients", "sum of outer products over the samples", """
import torch
def softmax_regression_gradients(X, y, weight, bias):
    n = X.shape[0]
    grad_weight = torch.zeros_like(weight)
    grad_bias = torch.zeros_like(bias)
    for i in range(n):
        p = torch.softmax(weight @ X[i] + bias, dim=0)
        p[y[i]] -= 1
        grad_weight = grad_weight + torch.outer(p, X[i]) / n
        grad_bias = grad_bias + p / n
    return grad_weight, grad_bias
"""),
    _v("softmax_regression_gradients", "einsum with F.one_hot", """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    logits = X @ weight.T + bias
    delta = (torch.softmax(logits, dim=-1) - F.one_hot(y, weight.shape[0]).to(X.dtype)) / X.shape[0]
    return torch.einsum("nk,nd->kd", delta, X), delta.sum(0)
"""),
    _v("softmax_regression_gradients", "targets minus probabilities", """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    delta = (F.one_hot(y, weight.shape[0]).to(X.dtype) - torch.softmax(X @ weight.T + bias, dim=1)) / len(y)
    return delta.T @ X, delta.sum(dim=0)
""", "wrong_sign"),
    _v("softmax_regression_gradients", "summed over the batch", """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    delta = torch.softmax(X @ weight.T + bias, dim=1) - F.one_hot(y, weight.shape[0]).to(X.dtype)
    return delta.T @ X, delta.sum(dim=0)
""", "not_divided_by_n"),
    _v("softmax_regression_gradients", "softmax over the samples", """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    delta = (torch.softmax(X @ weight.T + bias, dim=0) - F.one_hot(y, weight.shape[0]).to(X.dtype)) / len(y)
    return delta.T @ X, delta.sum(dim=0)
""", "softmax_over_batch"),
    _v("softmax_regression_gradients", "X^T delta", """
import torch
import torch.nn.functional as F
def softmax_regression_gradients(X, y, weight, bias):
    delta = (torch.softmax(X @ weight.T + bias, dim=1) - F.one_hot(y, weight.shape[0]).to(X.dtype)) / len(y)
    return X.T @ delta, delta.sum(dim=0)
""", "weight_gradient_transposed"),
    _v("softmax_regression_gradients", "probabilities only", """
import torch
def softmax_regression_gradients(X, y, weight, bias):
    delta = torch.softmax(X @ weight.T + bias, dim=1) / len(y)
    return delta.T @ X, delta.sum(dim=0)
""", "one_hot_missing"),
    # -- confusion_matrix ------------------------------------------------------------------
    _v("confusion_matrix", "loop over the samples", """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=y_true.device)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        matrix[t, p] += 1
    return matrix
"""),
    _v("confusion_matrix", "index_put_ with accumulate", """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.long, device=y_true.device)
    return matrix.index_put_((y_true, y_pred), torch.ones_like(y_true), accumulate=True)
"""),
    _v("confusion_matrix", "rows are predictions", """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=y_true.device)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        matrix[p, t] += 1
    return matrix
""", "transposed"),
    _v("confusion_matrix", "fancy-index += 1", """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64, device=y_true.device)
    matrix[y_true, y_pred] += 1
    return matrix
""", "duplicates_not_accumulated"),
    _v("confusion_matrix", "size from the labels", """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    k = int(max(y_true.max(), y_pred.max())) + 1
    return torch.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)
""", "size_from_labels"),
    _v("confusion_matrix", "fractions of all samples", """
import torch
def confusion_matrix(y_true, y_pred, num_classes):
    matrix = torch.zeros(num_classes, num_classes, device=y_true.device)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        matrix[t, p] += 1
    return matrix / len(y_true)
""", "normalised"),
]
