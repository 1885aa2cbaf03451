"""Answers to ``beam_search``."""

from variants import variant as _v

# A plain-Python beam search; the wrong answers below change one line of it each.
_PLAIN = """
import torch
def beam_search(step, start, eos, beam_size, max_len, length_penalty=0.0):
    beams = [([start], 0.0)]
    done = []
    for _ in range(max_len):
        logp = step(torch.tensor([b[0] for b in beams]))
        cands = []
        for row, (tokens, score) in enumerate(beams):
            for v in range(logp.shape[1]):
                cands.append((tokens + [v], score + float(logp[row, v])))
        cands.sort(key=lambda c: -c[1])
        beams = []
        for tokens, score in cands[: beam_size - len(done)]:
            if {finished}:
                done.append((tokens, score))
            else:
                beams.append((tokens, score))
        if len(done) == beam_size or not beams:
            break
    pool = {pool}
    best = max(pool, key=lambda h: h[1] / {length} ** length_penalty)
    return torch.tensor({tokens}), torch.tensor({score}, dtype=torch.float64)
"""


def _plain(
    finished="tokens[-1] == eos", pool="done + beams", length="(len(h[0]) - 1)", tokens="best[0][1:]", score="best[1]"
):
    return _PLAIN.format(finished=finished, pool=pool, length=length, tokens=tokens, score=score)


VARIANTS = [
    _v("plain Python lists", _plain()),
    _v(
        "tensor beam with topk over the flattened scores",
        """
import torch
def beam_search(step, start, eos, beam_size, max_len, length_penalty=0.0):
    seqs = torch.tensor([[start]])
    scores = torch.zeros(1, dtype=torch.float64)
    finished = []
    for _ in range(max_len):
        total = (scores[:, None] + step(seqs).to(torch.float64).cpu()).flatten()
        v = total.numel() // len(seqs)
        top = total.topk(min(beam_size - len(finished), total.numel()))
        seqs = torch.cat([seqs[top.indices // v], (top.indices % v)[:, None]], 1)
        scores = top.values
        ended = seqs[:, -1] == eos
        finished += [(s, sc) for s, sc in zip(seqs[ended], scores[ended])]
        seqs, scores = seqs[~ended], scores[~ended]
        if len(finished) >= beam_size or len(seqs) == 0:
            break
    finished += list(zip(seqs, scores))
    def key(h):
        return h[1].item() / (len(h[0]) - 1) ** length_penalty
    best = max(finished, key=key)
    return best[0][1:], best[1]
""",
    ),
    _v("eos is just a token", _plain(finished="False"), "eos_not_treated_as_the_end"),
    _v("raw scores", _plain(length="1"), "no_length_normalisation"),
    _v("length with the start token", _plain(length="len(h[0])"), "length_counts_the_start_token"),
    _v(
        "returns the normalised score",
        _plain(score="best[1] / (len(best[0]) - 1) ** length_penalty"),
        "normalised_score_returned",
    ),
    _v("keeps the start token", _plain(tokens="best[0]"), "start_token_returned"),
]
