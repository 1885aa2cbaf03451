"""cooccurrence_matrix as students write it."""

from variants import variant as _v

VARIANTS = [
    _v(
        "double loop over positions",
        """
import torch
def cooccurrence_matrix(sentences, vocab_size, window=2):
    device = sentences[0].device if len(sentences) > 0 else "cpu"
    X = torch.zeros(vocab_size, vocab_size, dtype=torch.int64, device=device)
    for s in sentences:
        words = s.tolist()
        for i, w in enumerate(words):
            for j in range(max(0, i - window), min(len(words), i + window + 1)):
                if j != i:
                    X[w, words[j]] += 1
    return X
""",
    ),
    _v(
        "one-sided counts plus the transpose",
        """
import torch
def cooccurrence_matrix(sentences, vocab_size, window=2):
    device = sentences[0].device if len(sentences) > 0 else "cpu"
    C = torch.zeros(vocab_size, vocab_size, dtype=torch.long, device=device)
    for s in sentences:
        for d in range(1, window + 1):
            if len(s) > d:
                C.index_put_((s[:-d], s[d:]), torch.ones(len(s) - d, dtype=torch.long, device=device), accumulate=True)
    return C + C.T
""",
    ),
    _v(
        "window includes the centre",
        """
import torch
def cooccurrence_matrix(sentences, vocab_size, window=2):
    device = sentences[0].device if len(sentences) > 0 else "cpu"
    X = torch.zeros(vocab_size, vocab_size, dtype=torch.int64, device=device)
    for s in sentences:
        words = s.tolist()
        for i, w in enumerate(words):
            for j in range(max(0, i - window), min(len(words), i + window + 1)):
                X[w, words[j]] += 1
    return X
""",
        "counts_centre_word",
    ),
    _v(
        "range(1, window)",
        """
import torch
def cooccurrence_matrix(sentences, vocab_size, window=2):
    device = sentences[0].device if len(sentences) > 0 else "cpu"
    X = torch.zeros(vocab_size, vocab_size, dtype=torch.int64, device=device)
    for s in sentences:
        words = s.tolist()
        for i in range(len(words)):
            for d in range(1, window):
                if i + d < len(words):
                    X[words[i], words[i + d]] += 1
                    X[words[i + d], words[i]] += 1
    return X
""",
        "window_one_short",
    ),
    _v(
        "only the words to the right",
        """
import torch
def cooccurrence_matrix(sentences, vocab_size, window=2):
    device = sentences[0].device if len(sentences) > 0 else "cpu"
    X = torch.zeros(vocab_size, vocab_size, dtype=torch.int64, device=device)
    for s in sentences:
        words = s.tolist()
        for i, w in enumerate(words):
            for j in range(i + 1, min(len(words), i + window + 1)):
                X[w, words[j]] += 1
    return X
""",
        "one_sided_window",
    ),
    _v(
        "sentences glued together",
        """
import torch
def cooccurrence_matrix(sentences, vocab_size, window=2):
    device = sentences[0].device if len(sentences) > 0 else "cpu"
    X = torch.zeros(vocab_size, vocab_size, dtype=torch.int64, device=device)
    words = torch.cat(list(sentences)).tolist() if len(sentences) > 0 else []
    for i, w in enumerate(words):
        for j in range(max(0, i - window), min(len(words), i + window + 1)):
            if j != i:
                X[w, words[j]] += 1
    return X
""",
        "across_sentences",
    ),
    _v(
        "set to one",
        """
import torch
def cooccurrence_matrix(sentences, vocab_size, window=2):
    device = sentences[0].device if len(sentences) > 0 else "cpu"
    X = torch.zeros(vocab_size, vocab_size, dtype=torch.int64, device=device)
    for s in sentences:
        words = s.tolist()
        for i, w in enumerate(words):
            for j in range(max(0, i - window), min(len(words), i + window + 1)):
                if j != i:
                    X[w, words[j]] = 1
    return X
""",
        "presence_not_counts",
    ),
]
