"""Do the reference attention functions agree with PyTorch's, outputs, weights, masks and gradients?"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dl_helpers import reference as ref

F64 = torch.float64
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _randn(g, *shape, device="cpu"):
    return torch.randn(*shape, generator=g, dtype=F64).to(device)


def _explicit_weights(query, key, mask=None):
    """softmax(Q K^T / sqrt(E) + mask): what F.scaled_dot_product_attention forms internally."""
    scores = query @ key.transpose(-2, -1) / query.shape[-1] ** 0.5
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    return torch.softmax(scores, dim=-1)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(
    "shape_q, shape_k, e_v", [((2, 5, 4), (2, 7, 4), 3), ((2, 3, 4, 8), (2, 3, 4, 8), 8), ((1, 1, 6), (1, 2, 6), 1)]
)
@pytest.mark.parametrize("mask_kind", [None, "bool", "float", "causal"])
def test_scaled_dot_product_attention_matches_functional_sdpa(shape_q, shape_k, e_v, mask_kind, device):
    g = _gen(sum(shape_q) + sum(shape_k))
    query, key = _randn(g, *shape_q, device=device), _randn(g, *shape_k, device=device)
    value = _randn(g, *shape_k[:-1], e_v, device=device)
    t_q, t_k = shape_q[-2], shape_k[-2]
    mask = None
    if mask_kind == "bool":
        mask = (torch.rand(t_q, t_k, generator=g) > 0.3).to(device)
        mask[:, 0] = True  # every query sees at least one key
    elif mask_kind == "float":
        mask = _randn(g, t_q, t_k, device=device)
    causal = mask_kind == "causal"
    out, weights = ref.scaled_dot_product_attention(query, key, value, attn_mask=mask, is_causal=causal)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(query, key, value, attn_mask=mask, is_causal=causal))
    if causal:
        mask = torch.ones(t_q, t_k, dtype=torch.bool, device=device).tril()
    torch.testing.assert_close(weights, _explicit_weights(query, key, mask))
    assert weights.shape == (*shape_q[:-1], t_k)


def test_scaled_dot_product_attention_gives_zeros_for_a_row_with_every_key_masked_as_pytorch():
    g = _gen(0)
    query, key, value = _randn(g, 3, 4), _randn(g, 5, 4), _randn(g, 5, 2)
    mask = torch.ones(3, 5, dtype=torch.bool)
    mask[1] = False
    out, weights = ref.scaled_dot_product_attention(query, key, value, attn_mask=mask)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(query, key, value, attn_mask=mask))
    assert torch.equal(weights[1], torch.zeros(5, dtype=F64)) and torch.equal(out[1], torch.zeros(2, dtype=F64))


def test_scaled_dot_product_attention_gradients_match():
    ours = [_randn(_gen(i), 2, 4, 3).requires_grad_() for i in range(3)]
    theirs = [t.detach().clone().requires_grad_() for t in ours]
    mask = torch.ones(4, 4, dtype=torch.bool).tril()
    upstream = _randn(_gen(9), 2, 4, 3)
    (ref.scaled_dot_product_attention(*ours, attn_mask=mask)[0] * upstream).sum().backward()
    (F.scaled_dot_product_attention(*theirs, attn_mask=mask) * upstream).sum().backward()
    for name, a, b in zip(("query", "key", "value"), ours, theirs):
        torch.testing.assert_close(a.grad, b.grad, msg=lambda m, name=name: f"gradient of {name}: {m}")


def test_scaled_dot_product_attention_rejects_bad_shapes_and_both_masks():
    q, k = torch.zeros(2, 3, 4), torch.zeros(2, 5, 4)
    with pytest.raises(ValueError, match="same last dimension E"):
        ref.scaled_dot_product_attention(q, torch.zeros(2, 5, 3), torch.zeros(2, 5, 3))
    with pytest.raises(ValueError, match="T_k"):
        ref.scaled_dot_product_attention(q, k, torch.zeros(2, 4, 4))
    with pytest.raises(ValueError, match=r"\(\*, T_q, E\)"):
        ref.scaled_dot_product_attention(torch.zeros(4), k, k)
    with pytest.raises(ValueError, match=r"attn_mask must broadcast to the scores \(\*, T_q, T_k\) = \(2, 3, 5\)"):
        ref.scaled_dot_product_attention(q, k, k, attn_mask=torch.ones(3, 4, dtype=torch.bool))
    with pytest.raises(ValueError, match="not both"):
        ref.scaled_dot_product_attention(q, k, k, attn_mask=torch.ones(3, 5, dtype=torch.bool), is_causal=True)


def _mha(seed, embed, heads, bias=True):
    torch.manual_seed(seed)
    mha = torch.nn.MultiheadAttention(embed, heads, bias=bias, batch_first=True, dtype=F64).eval()
    with torch.no_grad():  # random biases too (PyTorch starts them at 0, which would hide a bias mistake)
        for p in mha.parameters():
            p.normal_()
    return mha


def _params(mha):
    out_bias = mha.out_proj.bias
    return mha.in_proj_weight, mha.in_proj_bias, mha.out_proj.weight, out_bias, mha.num_heads


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(
    "n, t_q, t_k, embed, heads", [(2, 5, 5, 8, 2), (3, 4, 6, 12, 3), (1, 7, 7, 4, 1), (2, 3, 3, 6, 6)]
)
@pytest.mark.parametrize("masks", ["none", "padding", "causal", "causal+padding", "float", "per-head"])
@pytest.mark.parametrize("bias", [True, False])
def test_multi_head_attention_matches_nn_multihead_attention(n, t_q, t_k, embed, heads, masks, bias, device):
    mha = _mha(n + t_q + embed, embed, heads, bias).to(device)
    g = _gen(t_k + heads)
    query, key, value = (
        _randn(g, n, t_q, embed, device=device),
        _randn(g, n, t_k, embed, device=device),
        _randn(g, n, t_k, embed, device=device),
    )
    padding = torch.zeros(n, t_k, dtype=torch.bool, device=device)
    padding[0, -2:] = True  # the first sequence ends with two padding tokens
    kwargs = {}  # for both
    causal = torch.ones(t_q, t_k, dtype=torch.bool, device=device).triu(
        1
    )  # True = masked, nn.MultiheadAttention's convention
    if "padding" in masks:
        kwargs["key_padding_mask"] = padding
    if masks == "float":
        kwargs["attn_mask"] = _randn(g, t_q, t_k, device=device)
    if masks == "per-head":
        kwargs["attn_mask"] = torch.rand(n * heads, t_q, t_k, generator=g).to(device) > 0.6
        kwargs["attn_mask"][..., 0] = False
    expected_out, expected_w = mha(
        query,
        key,
        value,
        attn_mask=causal if "causal" in masks else kwargs.get("attn_mask"),
        key_padding_mask=kwargs.get("key_padding_mask"),
        need_weights=True,
        average_attn_weights=False,
    )
    out, weights = ref.multi_head_attention(query, key, value, *_params(mha), is_causal="causal" in masks, **kwargs)
    torch.testing.assert_close(out, expected_out)
    torch.testing.assert_close(weights, expected_w)
    assert weights.shape == (n, heads, t_q, t_k)


def test_multi_head_attention_takes_the_causal_mask_as_a_boolean_attn_mask_too():
    mha = _mha(0, 8, 2)
    x = _randn(_gen(1), 2, 5, 8)
    causal = torch.ones(5, 5, dtype=torch.bool).triu(1)
    ours = ref.multi_head_attention(x, x, x, *_params(mha), attn_mask=causal)
    torch.testing.assert_close(ours, ref.multi_head_attention(x, x, x, *_params(mha), is_causal=True))
    torch.testing.assert_close(ours[1], mha(x, x, x, attn_mask=causal, is_causal=True, average_attn_weights=False)[1])


def test_multi_head_attention_gradients_match():
    mha = _mha(2, 6, 3)
    x = _randn(_gen(3), 2, 4, 6).requires_grad_()
    padding = torch.tensor([[False, False, False, True], [False, False, False, False]])
    out, _ = ref.multi_head_attention(x, x, x, *_params(mha), key_padding_mask=padding, is_causal=True)
    grads = torch.autograd.grad(out.sum(), [x, *mha.parameters()])
    x2 = x.detach().clone().requires_grad_()
    causal = torch.ones(4, 4, dtype=torch.bool).triu(1)
    expected = mha(x2, x2, x2, key_padding_mask=padding, attn_mask=causal)[0]
    expected_grads = torch.autograd.grad(expected.sum(), [x2, *mha.parameters()])
    for ours, theirs in zip(grads, expected_grads):
        torch.testing.assert_close(ours, theirs)


def test_multi_head_attention_rejects_bad_shapes_naming_the_expected_one():
    mha = _mha(0, 8, 2)
    x = torch.zeros(2, 5, 8, dtype=F64)
    params = _params(mha)
    with pytest.raises(ValueError, match=r"\(N, T, E\)"):
        ref.multi_head_attention(x[0], x[0], x[0], *params)
    with pytest.raises(ValueError, match="num_heads must divide"):
        ref.multi_head_attention(x, x, x, *params[:-1], 3)
    with pytest.raises(ValueError, match=r"key_padding_mask must be \(N, T_k\) = \(2, 5\)"):
        ref.multi_head_attention(x, x, x, *params, key_padding_mask=torch.zeros(2, 4, dtype=torch.bool))
    with pytest.raises(ValueError, match=r"attn_mask must be \(T_q, T_k\) = \(5, 5\)"):
        ref.multi_head_attention(x, x, x, *params, attn_mask=torch.zeros(4, 5, dtype=torch.bool))
    with pytest.raises(ValueError, match=r"in_proj_weight must be \(3E, E\)"):
        ref.multi_head_attention(x, x, x, params[0][:8], *params[1:])
    with pytest.raises(ValueError, match=r"\(N, T_k, E\)"):
        ref.multi_head_attention(x, x[:, :, :4], x, *params)


# -- chapter 10's additions: kernel regression, masked softmax, additive and tiled attention --------------------------


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("bandwidth", [0.3, 1.0, 2.5])
def test_nadaraya_watson_is_the_normalised_gaussian_kernel_average(seed, bandwidth):
    g = _gen(seed)
    queries, keys = _randn(g, 3 + seed), _randn(g, 2 + 2 * seed)
    values = _randn(g, keys.shape[0])
    kernel = torch.exp(-((queries[:, None] - keys[None, :]) ** 2) / (2 * bandwidth**2))  # unnormalised Gaussian
    expected = (kernel * values).sum(-1) / kernel.sum(-1)
    torch.testing.assert_close(ref.nadaraya_watson(queries, keys, values, bandwidth), expected)


def test_nadaraya_watson_is_attention_with_scaled_queries_and_keys():
    # -(q - k)^2 / (2 h^2) differs from q k / h^2 by terms in q alone (which the softmax drops) and in k^2.
    g = _gen(7)
    queries, keys, values = _randn(g, 5), _randn(g, 8), _randn(g, 8)
    h = 0.7
    mask = (-(keys**2) / (2 * h**2)).expand(5, 8)  # the k^2 term, as an additive mask
    out = F.scaled_dot_product_attention(
        queries[:, None] / h, keys[:, None] / h, values[:, None], attn_mask=mask, scale=1.0
    )[:, 0]
    torch.testing.assert_close(ref.nadaraya_watson(queries, keys, values, h), out)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("per_query", [False, True])
def test_masked_softmax_matches_sdpa_weights_with_a_length_mask(seed, per_query, device):
    g = _gen(seed)
    n, t_q, t_k = 1 + seed % 3, 1 + seed % 4, 1 + seed
    X = _randn(g, n, t_q, t_k, device=device)
    shape = (n, t_q) if per_query else (n,)
    valid_lens = torch.randint(0, t_k + 1, shape, generator=g).to(device)
    got = ref.masked_softmax(X, valid_lens)
    lengths = valid_lens[:, :, None] if per_query else valid_lens[:, None, None]
    keep = torch.arange(t_k, device=device) < lengths  # (N, T_q or 1, T_k)
    # SDPA with the identity as values returns its weights; scores X come from query X, key I, scale 1.
    eye = torch.eye(t_k, dtype=F64, device=device).expand(n, t_k, t_k)
    expected = F.scaled_dot_product_attention(X, eye, eye, attn_mask=keep.expand(n, t_q, t_k), scale=1.0)
    torch.testing.assert_close(got, expected)
    assert expected.shape == got.shape


def test_masked_softmax_fully_masked_row_is_zero_like_sdpa():
    X = torch.randn(1, 2, 3, dtype=F64)
    got = ref.masked_softmax(X, torch.tensor([[0, 3]]))
    assert torch.equal(got[0, 0], torch.zeros(3, dtype=F64))
    sdpa = F.scaled_dot_product_attention(
        X.new_zeros(1, 2, 1),
        X.new_zeros(1, 3, 1),
        torch.eye(3, dtype=F64)[None],
        attn_mask=torch.tensor([[[False] * 3, [True] * 3]]),
    )
    torch.testing.assert_close(got[0, 0], sdpa[0, 0])  # PyTorch's fused attention also gives 0 there
    torch.testing.assert_close(got[0, 1], torch.softmax(X[0, 1], -1))


def test_masked_softmax_without_lengths_is_softmax_and_rejects_bad_shapes():
    X = torch.randn(2, 3, 4, dtype=F64)
    torch.testing.assert_close(ref.masked_softmax(X), torch.softmax(X, -1))
    with pytest.raises(ValueError, match="valid_lens"):
        ref.masked_softmax(X, torch.tensor([1, 2, 3]))
    with pytest.raises(ValueError, match="N, T_q, T_k"):
        ref.masked_softmax(X[0])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("seed", range(6))
def test_additive_attention_matches_an_explicit_loop_and_its_gradients(seed, device):
    g = _gen(seed)
    n, t_q, t_k, d_q, d_k, d_v, h = 2, 1 + seed % 3, 2 + seed, 3, 4, 2, 5
    args = [
        _randn(g, *s, device=device).requires_grad_()
        for s in [(n, t_q, d_q), (n, t_k, d_k), (n, t_k, d_v), (h, d_q), (h, d_k), (h,)]
    ]
    query, key, value, W_q, W_k, w_v = args
    valid_lens = torch.randint(1, t_k + 1, (n,), generator=g).to(device)
    out, weights = ref.additive_attention(*args, valid_lens)
    scores = torch.stack(
        [
            torch.stack(
                [
                    torch.stack([w_v @ torch.tanh(W_q @ query[b, i] + W_k @ key[b, j]) for j in range(t_k)])
                    for i in range(t_q)
                ]
            )
            for b in range(n)
        ]
    )
    keep = torch.arange(t_k, device=device) < valid_lens[:, None, None]
    expected_w = torch.softmax(scores.masked_fill(~keep, float("-inf")), -1)
    torch.testing.assert_close(weights, expected_w)
    torch.testing.assert_close(out, expected_w @ value)
    got = torch.autograd.grad(out.sum(), args)
    want = torch.autograd.grad((expected_w @ value).sum(), args)
    for a, b in zip(got, want):
        torch.testing.assert_close(a, b)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("tile_size", [1, 3, 4, 64])
@pytest.mark.parametrize(
    "shape", [((2, 5, 4), (2, 7, 4), 3), ((2, 3, 6, 8), (2, 3, 13, 8), 8), ((1, 1, 2), (1, 1, 2), 1)]
)
def test_online_softmax_attention_matches_functional_sdpa(shape, tile_size, device):
    shape_q, shape_k, e_v = shape
    g = _gen(tile_size + sum(shape_k))
    query, key = 3 * _randn(g, *shape_q, device=device), 3 * _randn(g, *shape_k, device=device)
    value = _randn(g, *shape_k[:-1], e_v, device=device)
    got = ref.online_softmax_attention(query, key, value, tile_size)
    torch.testing.assert_close(got, F.scaled_dot_product_attention(query, key, value), rtol=1e-10, atol=1e-10)


def test_online_softmax_attention_survives_huge_scores_and_rejects_bad_tiles():
    q = torch.tensor([[[30.0, 0.0]]], dtype=F64)
    k = torch.tensor([[[30.0, 0.0], [-30.0, 0.0], [29.0, 1.0]]], dtype=F64) * 10  # scores around 6e3: exp overflows
    v = torch.arange(3.0, dtype=F64).reshape(1, 3, 1)
    got = ref.online_softmax_attention(q, k, v, tile_size=1)
    assert torch.isfinite(got).all()
    torch.testing.assert_close(got, F.scaled_dot_product_attention(q, k, v))
    with pytest.raises(ValueError, match="tile_size"):
        ref.online_softmax_attention(q, k, v, tile_size=0)
