"""Answers to ``greedy_decode``."""

from variants import variant as _v

VARIANTS = [
    _v(
        "list of columns, done flags",
        """
import torch
def greedy_decode(step, start, max_len, eos=None):
    prefix = start.unsqueeze(1)
    done = torch.zeros(start.shape[0], dtype=torch.bool, device=start.device)
    for _ in range(max_len):
        nxt = step(prefix).argmax(-1).to(start.device)
        if eos is not None:
            nxt[done] = eos
            done |= nxt == eos
        prefix = torch.cat([prefix, nxt[:, None]], 1)
    return prefix[:, 1:]
""",
    ),
    _v(
        "decode then overwrite after the first eos",
        """
import torch
def greedy_decode(step, start, max_len, eos=None):
    tokens = start.view(-1, 1)
    for _ in range(max_len):
        tokens = torch.cat([tokens, step(tokens).max(dim=1).indices.view(-1, 1).to(tokens.device)], dim=1)
    out = tokens[:, 1:].clone()
    if eos is not None:
        seen = (out == eos).long().cumsum(1)
        after = torch.cat([torch.zeros_like(seen[:, :1]), seen[:, :-1]], 1) > 0
        out[after] = eos
    return out
""",
    ),
    _v(
        "returns the prefix",
        """
import torch
def greedy_decode(step, start, max_len, eos=None):
    prefix = start.unsqueeze(1)
    done = torch.zeros_like(start, dtype=torch.bool)
    for _ in range(max_len):
        nxt = step(prefix).argmax(-1)
        if eos is not None:
            nxt = torch.where(done, torch.full_like(nxt, eos), nxt)
            done = done | (nxt == eos)
        prefix = torch.cat([prefix, nxt[:, None]], 1)
    return prefix
""",
        "start_token_returned",
    ),
    _v(
        "always asks about the start",
        """
import torch
def greedy_decode(step, start, max_len, eos=None):
    out = []
    done = torch.zeros_like(start, dtype=torch.bool)
    for _ in range(max_len):
        nxt = step(start[:, None]).argmax(-1)
        if eos is not None:
            nxt = torch.where(done, torch.full_like(nxt, eos), nxt)
            done = done | (nxt == eos)
        out.append(nxt)
    return torch.stack(out, 1)
""",
        "choices_not_fed_back",
    ),
    _v(
        "feeds the last token only",
        """
import torch
def greedy_decode(step, start, max_len, eos=None):
    token = start
    out = []
    done = torch.zeros_like(start, dtype=torch.bool)
    for _ in range(max_len):
        token = step(token[:, None]).argmax(-1)
        if eos is not None:
            token = torch.where(done, torch.full_like(token, eos), token)
            done = done | (token == eos)
        out.append(token)
    return torch.stack(out, 1)
""",
        "only_the_last_token_fed",
    ),
    _v(
        "breaks when all are done",
        """
import torch
def greedy_decode(step, start, max_len, eos=None):
    prefix = start.unsqueeze(1)
    done = torch.zeros_like(start, dtype=torch.bool)
    for _ in range(max_len):
        nxt = step(prefix).argmax(-1)
        if eos is not None:
            nxt = torch.where(done, torch.full_like(nxt, eos), nxt)
            done = done | (nxt == eos)
        prefix = torch.cat([prefix, nxt[:, None]], 1)
        if eos is not None and bool(done.all()):
            break
    return prefix[:, 1:]
""",
        "stopped_without_padding",
    ),
    _v(
        "ignores eos",
        """
import torch
def greedy_decode(step, start, max_len, eos=None):
    prefix = start.unsqueeze(1)
    for _ in range(max_len):
        prefix = torch.cat([prefix, step(prefix).argmax(-1, keepdim=True)], 1)
    return prefix[:, 1:]
""",
        "not_padded_after_eos",
    ),
]
