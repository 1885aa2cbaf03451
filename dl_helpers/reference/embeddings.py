"""Word embeddings: skip-gram with negative sampling (word2vec) and GloVe's co-occurrence loss.

A vocabulary of V words gets two tables of D-dimensional vectors: the "input" (centre) vectors
v_w and the "output" (context) vectors u_w. Skip-gram with negative sampling (SGNS) turns each
pair (centre word c, context word o) seen in the corpus into a binary classification: the pair
is real, while K words drawn from a noise distribution P_n are not. With the log-sigmoid
log s(x) = -log(1 + exp(-x)), the loss of one pair is

    loss = -log s(u_o . v_c) - sum_{k=1..K} log s(-u_k . v_c),

and ``sgns_loss`` averages it over a batch of N pairs. Its gradients, with s = sigmoid:

    d loss / d v_c = (s(u_o . v_c) - 1) u_o + sum_k s(u_k . v_c) u_k
    d loss / d u_o = (s(u_o . v_c) - 1) v_c
    d loss / d u_k = s(u_k . v_c) v_c

(each divided by N for the batch mean). Mikolov et al. draw the negatives from the unigram
distribution raised to the power 3/4 and discard each occurrence of a word of relative
frequency f with probability 1 - sqrt(t / f) ("subsampling" of frequent words).

GloVe (Pennington et al.) fits the co-occurrence counts X_ij instead: with word vectors w_i,
context vectors w~_j and biases b_i, b~_j it minimises, over the pairs with X_ij > 0,

    J = sum_ij f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2,   f(x) = min(1, (x / x_max)^alpha).

Shapes: N pairs in a batch, K negatives per pair, D embedding dimensions, V words.
"""

from __future__ import annotations

import torch
from torch import Tensor


def _log_sigmoid(x: Tensor) -> Tensor:
    """log(sigmoid(x)) = -log(1 + exp(-x)), computed as min(x, 0) - log1p(exp(-|x|)): finite for any x."""
    return torch.clamp(x, max=0) - torch.log1p(torch.exp(-x.abs()))


def _check_sgns_shapes(center: Tensor, context: Tensor, negatives: Tensor) -> None:
    if center.dim() != 2 or context.shape != center.shape:
        raise ValueError(
            f"center and context must both have shape (N, D), got {tuple(center.shape)} and {tuple(context.shape)}"
        )
    if negatives.dim() != 3 or negatives.shape[0] != center.shape[0] or negatives.shape[2] != center.shape[1]:
        raise ValueError(
            f"negatives must have shape (N, K, D) = ({center.shape[0]}, K, {center.shape[1]}), got {tuple(negatives.shape)}"
        )


def sgns_loss(center: Tensor, context: Tensor, negatives: Tensor) -> Tensor:
    """Skip-gram negative-sampling loss, averaged over the batch of (centre, context) pairs.

    loss = mean_n [ -log s(u_o . v_c) - sum_k log s(-u_k . v_c) ], s the logistic sigmoid.

    Args:
        center: (N, D) input vectors v_c of the centre words.
        context: (N, D) output vectors u_o of the context words really seen next to them.
        negatives: (N, K, D) output vectors u_k of K noise words for each pair.

    Returns:
        A scalar tensor.

    Example:
        >>> v = torch.tensor([[1.0, 0.0]]); u = torch.tensor([[2.0, 0.0]]); neg = torch.tensor([[[0.0, 3.0]]])
        >>> sgns_loss(v, u, neg)  # -log s(2) - log s(-0)
        tensor(0.8201)
    """
    _check_sgns_shapes(center, context, negatives)
    positive = (center * context).sum(dim=1)  # (N,)  u_o . v_c
    negative = (negatives @ center.unsqueeze(2)).squeeze(2)  # (N, K, D) @ (N, D, 1) -> (N, K, 1) -> (N, K)
    per_pair = -_log_sigmoid(positive) - _log_sigmoid(-negative).sum(dim=1)  # (N,)
    return per_pair.mean()


def sgns_gradients(center: Tensor, context: Tensor, negatives: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """The gradients of :func:`sgns_loss` with respect to its three arguments, written out.

    With s = sigmoid and N pairs (the 1/N comes from the batch mean):
    grad_center = ((s(u_o.v_c) - 1) u_o + sum_k s(u_k.v_c) u_k) / N,
    grad_context = (s(u_o.v_c) - 1) v_c / N and grad_negatives[:, k] = s(u_k.v_c) v_c / N.

    Args:
        center: (N, D), context: (N, D), negatives: (N, K, D), as in :func:`sgns_loss`.

    Returns:
        (grad_center (N, D), grad_context (N, D), grad_negatives (N, K, D)).

    Example:
        >>> v = torch.tensor([[1.0, 0.0]]); u = torch.tensor([[0.0, 1.0]]); neg = torch.zeros(1, 1, 2)
        >>> grad_center, grad_context, grad_negatives = sgns_gradients(v, u, neg)  # s(0) = 1/2 everywhere
        >>> grad_center, grad_negatives
        (tensor([[ 0.0000, -0.5000]]), tensor([[[0.5000, 0.0000]]]))
    """
    _check_sgns_shapes(center, context, negatives)
    N = center.shape[0]
    positive = (center * context).sum(dim=1, keepdim=True)  # (N, 1)
    negative = negatives @ center.unsqueeze(2)  # (N, K, 1)
    pos_error = (torch.sigmoid(positive) - 1) / N  # (N, 1): d loss / d (u_o . v_c)
    neg_error = torch.sigmoid(negative) / N  # (N, K, 1): d loss / d (u_k . v_c)
    grad_center = pos_error * context + (neg_error * negatives).sum(dim=1)  # (N, D)
    grad_context = pos_error * center  # (N, D)
    grad_negatives = neg_error * center.unsqueeze(1)  # (N, K, 1) * (N, 1, D) -> (N, K, D)
    return grad_center, grad_context, grad_negatives


def negative_sampling_distribution(counts: Tensor, power: float = 0.75) -> Tensor:
    """word2vec's noise distribution: unigram counts raised to ``power`` and normalised, P_n(w) ~ count(w)^power.

    Args:
        counts: (V,) non-negative word counts.
        power: 3/4 in word2vec; 1 gives the unigram distribution, 0 the uniform one.

    Returns:
        (V,) probabilities summing to 1, in the dtype of ``counts`` (float64 for integer counts).
    """
    if counts.dim() != 1 or (counts < 0).any() or counts.sum() <= 0:
        raise ValueError(f"counts must be a (V,) tensor of non-negative counts with a positive sum, got {counts!r}")
    weights = (counts if counts.is_floating_point() else counts.double()) ** power  # (V,)
    return weights / weights.sum()


def subsample_keep_probability(counts: Tensor, t: float = 1e-3) -> Tensor:
    """The probability of keeping each occurrence of a word when frequent words are subsampled.

    A word of relative frequency f = count / total is kept with probability min(1, sqrt(t / f))
    (Mikolov et al., 2013): words rarer than t are always kept, and the most frequent ones
    ("the", "a") lose most of their occurrences. The paper used t = 1e-5 on a corpus of
    billions of words; a small corpus needs a larger t.

    Args:
        counts: (V,) non-negative word counts.
        t: the frequency threshold, > 0.

    Returns:
        (V,) probabilities in (0, 1] (1 for words that never occur).
    """
    if counts.dim() != 1 or (counts < 0).any():
        raise ValueError(f"counts must be a (V,) tensor of non-negative counts, got {counts!r}")
    if t <= 0:
        raise ValueError(f"t must be > 0, got {t}")
    counts = counts if counts.is_floating_point() else counts.double()
    frequency = counts / counts.sum()  # (V,)
    return torch.where(frequency > 0, (t / frequency).sqrt().clamp(max=1.0), torch.ones_like(frequency))


def cooccurrence_matrix(sentences: list[Tensor], vocab_size: int, window: int = 2) -> Tensor:
    """Symmetric co-occurrence counts within a window, as GloVe uses them (without its 1/distance weighting).

    X[i, j] counts the times word j occurs at most ``window`` positions before or after an
    occurrence of word i in the same sentence. The centre position itself is not counted, and
    windows never reach across sentences. Every pair is seen from both ends, so X is symmetric.

    Args:
        sentences: a list of 1-D int64 tensors of word ids in 0..vocab_size - 1 (a sentence may be empty).
        vocab_size: V.
        window: the largest distance counted, >= 1.

    Returns:
        (V, V) int64 counts, on the sentences' device (the CPU when there are none).

    Example:
        >>> cooccurrence_matrix([torch.tensor([0, 1, 2])], 3, window=1)
        tensor([[0, 1, 0],
                [1, 0, 1],
                [0, 1, 0]])
    """
    if not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be an int >= 1, got {window!r}")
    if not isinstance(vocab_size, int) or vocab_size < 1:
        raise ValueError(f"vocab_size must be an int >= 1, got {vocab_size!r}")
    device = sentences[0].device if len(sentences) else torch.device("cpu")
    counts = torch.zeros(vocab_size * vocab_size, dtype=torch.int64, device=device)  # (V * V,) flat
    for sentence in sentences:
        if sentence.dim() != 1 or sentence.is_floating_point():
            raise ValueError(
                f"each sentence must be a 1-D integer tensor, got {sentence.dtype} of shape {tuple(sentence.shape)}"
            )
        if len(sentence) and (sentence.min() < 0 or sentence.max() >= vocab_size):
            raise ValueError(f"word ids must lie in 0..{vocab_size - 1}, got {sentence.tolist()}")
        for distance in range(1, min(window, len(sentence) - 1) + 1):
            left, right = sentence[:-distance], sentence[distance:]  # pairs `distance` apart, (T - distance,) each
            ones = torch.ones_like(left)
            counts.index_add_(0, left * vocab_size + right, ones)  # word j after word i
            counts.index_add_(0, right * vocab_size + left, ones)  # and word i before word j
    return counts.reshape(vocab_size, vocab_size)  # (V, V)


def glove_weight(X: Tensor, x_max: float = 100.0, alpha: float = 0.75) -> Tensor:
    """GloVe's weighting function f(x) = min(1, (x / x_max)^alpha), elementwise; f(0) = 0."""
    return (X / x_max).pow(alpha).clamp(max=1.0)


def glove_loss(
    W: Tensor, W_tilde: Tensor, b: Tensor, b_tilde: Tensor, X: Tensor, x_max: float = 100.0, alpha: float = 0.75
) -> Tensor:
    """GloVe's weighted least-squares loss, summed over the word pairs with a non-zero count.

    J = sum_{i, j : X_ij > 0} f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2,  f(x) = min(1, (x/x_max)^alpha).

    Args:
        W: (V, D) word vectors w_i.
        W_tilde: (V, D) context vectors w~_j.
        b: (V,) word biases; b_tilde: (V,) context biases.
        X: (V, V) non-negative co-occurrence counts (float).
        x_max: the count from which every pair weighs 1 (100 in the paper).
        alpha: the exponent of the weight below x_max (3/4 in the paper).

    Returns:
        A scalar tensor.

    Example:
        >>> W = torch.zeros(2, 1); X = torch.tensor([[0.0, 100.0], [1.0, 0.0]])
        >>> glove_loss(W, W, torch.zeros(2), torch.zeros(2), X)  # 1 * log(100)^2 + 0.01^0.75 * 0
        tensor(21.2076)
    """
    V, D = W.shape
    if W_tilde.shape != (V, D) or b.shape != (V,) or b_tilde.shape != (V,) or X.shape != (V, V):
        raise ValueError(
            f"expected W and W_tilde (V, D), b and b_tilde (V,), X (V, V) with V = {V}; got W_tilde "
            f"{tuple(W_tilde.shape)}, b {tuple(b.shape)}, b_tilde {tuple(b_tilde.shape)}, X {tuple(X.shape)}"
        )
    seen = X > 0  # (V, V): only pairs that occur enter the loss (log 0 is undefined)
    log_X = torch.log(torch.where(seen, X, torch.ones_like(X)))  # (V, V), 0 where X = 0
    prediction = W @ W_tilde.mT + b.unsqueeze(1) + b_tilde.unsqueeze(0)  # (V, V): w_i . w~_j + b_i + b~_j
    weight = torch.where(seen, glove_weight(X, x_max, alpha), torch.zeros_like(X))  # (V, V)
    return (weight * (prediction - log_X) ** 2).sum()
