"""answers.attention against torch: torch.softmax, F.scaled_dot_product_attention
(4-D inputs) and nn.MultiheadAttention with copied weights."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from answers.attention import MultiHeadSelfAttention, causal_mask, scaled_dot_product_attention, softmax

DTYPES = [torch.float32, torch.float64]
NEG_INF = float("-inf")


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _randn(*shape, seed=0, dtype=torch.float64):
    return torch.randn(*shape, generator=_gen(seed), dtype=dtype)


def _padding_mask(B: int, T: int, seed: int) -> torch.Tensor:
    """Key-padding mask (B, 1, 1, T), True = may attend; key 0 always allowed, key 1 always blocked,
    so the mask and its inverse both leave every row at least one key."""
    keep = torch.rand(B, T, generator=_gen(seed)) > 0.4  # (B, T)
    keep[:, 0] = True
    if T > 1:
        keep[:, 1] = False
    return keep[:, None, None, :]  # (B, 1, 1, T)


# ----------------------------------------------------------------------------- softmax


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dim", [0, 1, -1, -2])
def test_softmax_matches_torch(dtype, dim):
    x = _randn(3, 4, 5, seed=1, dtype=dtype) * 3
    torch.testing.assert_close(softmax(x, dim=dim), torch.softmax(x, dim=dim))


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_softmax_reduced_precision_matches_torch(dtype):
    x = (_randn(4, 7, seed=2, dtype=torch.float32) * 4).to(dtype)
    out = softmax(x)
    assert out.dtype == dtype
    torch.testing.assert_close(out, torch.softmax(x, dim=-1))


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_huge_values_where_naive_exp_overflows(dtype):
    x = torch.tensor([[1e4, 0.0, -1e4], [1e4, 1e4, 9999.0], [-1e4, -1e4, -1e4]], dtype=dtype)
    naive = torch.exp(x) / torch.exp(x).sum(-1, keepdim=True)
    assert torch.isnan(naive[:2]).all(dim=-1).any()  # the pitfall is real: exp(1e4) = inf, inf/inf = NaN
    out = softmax(x)
    assert torch.isfinite(out).all()
    torch.testing.assert_close(out, torch.softmax(x, dim=-1))
    torch.testing.assert_close(out[0], torch.tensor([1.0, 0.0, 0.0], dtype=dtype))
    torch.testing.assert_close(out[2], torch.full((3,), 1 / 3, dtype=dtype))


def test_softmax_rows_with_some_minus_inf_match_torch():
    x = torch.tensor([[0.0, NEG_INF, 1.0], [NEG_INF, 2.0, NEG_INF]])
    torch.testing.assert_close(softmax(x), torch.softmax(x, dim=-1))
    assert softmax(x)[1].tolist() == [0.0, 1.0, 0.0]


def test_softmax_all_minus_inf_row_gives_zeros_where_torch_gives_nan():
    x = torch.tensor([[0.0, 0.0], [NEG_INF, NEG_INF]])
    assert torch.isnan(torch.softmax(x, dim=-1)[1]).all()  # torch.softmax itself: 0/0
    assert softmax(x).tolist() == [[0.5, 0.5], [0.0, 0.0]]
    # along dim 0 the all -inf slice is a column
    torch.testing.assert_close(softmax(x.T, dim=0), torch.tensor([[0.5, 0.0], [0.5, 0.0]]))


def test_softmax_gradcheck():
    x = _randn(3, 5, seed=3).requires_grad_()
    assert torch.autograd.gradcheck(lambda t: softmax(t, dim=-1), (x,))
    y = torch.tensor([[0.5, NEG_INF, -1.0]], dtype=torch.float64, requires_grad=True)
    (softmax(y) * torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)).sum().backward()
    ref = y.detach().clone().requires_grad_()
    (torch.softmax(ref, -1) * torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)).sum().backward()
    torch.testing.assert_close(y.grad, ref.grad)


# ----------------------------------------------------------------------------- causal mask


def test_causal_mask_layout():
    assert causal_mask(3).tolist() == [[True, False, False], [True, True, False], [True, True, True]]
    assert causal_mask(2, T_k=4).tolist() == [[True, False, False, False], [True, True, False, False]]
    assert causal_mask(4).dtype == torch.bool


@pytest.mark.parametrize("Tq,Tk", [(5, 5), (3, 7), (6, 4)])
def test_causal_mask_matches_sdpa_is_causal(Tq, Tk):
    q, k, v = _randn(2, 3, Tq, 8, seed=4), _randn(2, 3, Tk, 8, seed=5), _randn(2, 3, Tk, 8, seed=6)
    ref = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    out, _ = scaled_dot_product_attention(q, k, v, causal_mask(Tq, T_k=Tk))
    torch.testing.assert_close(out, ref)


# ----------------------------------------------------------------------------- sdpa vs torch


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("B,H,Tq,Tk,dk,dv", [(2, 4, 5, 5, 8, 8), (1, 2, 3, 7, 16, 4), (3, 1, 9, 2, 4, 12)])
@pytest.mark.parametrize("masked", [False, True])
def test_sdpa_matches_torch_4d(dtype, B, H, Tq, Tk, dk, dv, masked):
    q = _randn(B, H, Tq, dk, seed=10, dtype=dtype)
    k = _randn(B, H, Tk, dk, seed=11, dtype=dtype)
    v = _randn(B, H, Tk, dv, seed=12, dtype=dtype)
    mask = torch.rand(B, 1, Tq, Tk, generator=_gen(13)) > 0.3 if masked else None  # broadcast over heads
    if mask is not None:
        mask[..., 0] = True  # no empty rows here; those have their own test
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    ref = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert out.shape == (B, H, Tq, dv) and weights.shape == (B, H, Tq, Tk)
    torch.testing.assert_close(out, ref)
    torch.testing.assert_close(weights.sum(-1), torch.ones(B, H, Tq, dtype=dtype))
    if mask is not None:
        assert (weights.masked_select(~mask.expand_as(weights)) == 0).all()


@pytest.mark.parametrize("dtype", DTYPES)
def test_sdpa_causal_and_padding_masks(dtype):
    B, H, T, d = 3, 2, 6, 8
    q, k, v = (_randn(B, H, T, d, seed=s, dtype=dtype) for s in (20, 21, 22))
    causal = causal_mask(T)  # (T, T)
    pad = _padding_mask(B, T, seed=23)  # (B, 1, 1, T)
    for mask in (causal, pad, causal & pad):
        out, _ = scaled_dot_product_attention(q, k, v, mask)
        torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, attn_mask=mask))


def test_sdpa_extra_batch_dims():
    q = _randn(2, 3, 4, 5, 8, seed=30)  # (A, B, H, Tq, dk)
    k = _randn(2, 3, 4, 7, 8, seed=31)
    v = _randn(2, 3, 4, 7, 6, seed=32)
    mask = torch.rand(3, 1, 5, 7, generator=_gen(33)) > 0.5  # broadcasts over A and H
    mask[..., 0] = True
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    # the reference on 4-D inputs: fold the two leading dims
    full_mask = mask.expand(2, 3, 4, 5, 7).reshape(6, 4, 5, 7)
    ref = F.scaled_dot_product_attention(q.reshape(6, 4, 5, 8), k.reshape(6, 4, 7, 8), v.reshape(6, 4, 7, 6), attn_mask=full_mask)
    torch.testing.assert_close(out, ref.reshape(2, 3, 4, 5, 6))
    assert weights.shape == (2, 3, 4, 5, 7)


def test_sdpa_scale_is_one_over_sqrt_dk_by_hand():
    q = torch.tensor([[1.0]])
    k = torch.tensor([[0.0], [2.0]])
    v = torch.tensor([[10.0], [20.0]])
    out, weights = scaled_dot_product_attention(q, k, v)
    w1 = 1 / (1 + torch.exp(torch.tensor(-2.0)))  # softmax([0, 2])[1] by hand
    torch.testing.assert_close(weights, torch.stack([1 - w1, w1])[None])
    torch.testing.assert_close(out, torch.tensor([[10 * (1 - w1) + 20 * w1]]))
    q4, k4 = torch.full((1, 4), 0.5), torch.tensor([[1.0, 1, 1, 1], [0, 0, 0, 0]])
    _, w = scaled_dot_product_attention(q4, k4, v)  # q.k = 2, / sqrt(4) = 1
    torch.testing.assert_close(w, softmax(torch.tensor([[1.0, 0.0]])))


def test_sdpa_rejects_float_mask():
    q = _randn(1, 1, 2, 4, seed=40)
    with pytest.raises(TypeError):
        scaled_dot_product_attention(q, q, q, torch.zeros(2, 2))


@pytest.mark.parametrize("dtype", DTYPES)
def test_sdpa_row_with_no_allowed_key(dtype):
    """Pinned: torch 2.13's F.scaled_dot_product_attention returns a zero row for a query
    with every key blocked (bool mask or a float mask of -inf), and so do we (weights too)."""
    q, k, v = (_randn(2, 2, 4, 8, seed=s, dtype=dtype) for s in (50, 51, 52))
    mask = torch.ones(4, 4, dtype=torch.bool)
    mask[2] = False  # query 2 may attend to nothing
    ref = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    float_mask = torch.zeros(4, 4, dtype=dtype).masked_fill(~mask, NEG_INF)
    ref_float = F.scaled_dot_product_attention(q, k, v, attn_mask=float_mask)
    assert (ref[:, :, 2] == 0).all() and (ref_float[:, :, 2] == 0).all()
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    assert not torch.isnan(out).any()
    assert (out[:, :, 2] == 0).all() and (weights[:, :, 2] == 0).all()
    torch.testing.assert_close(out, ref)


def test_sdpa_minus_inf_is_exact_where_minus_1e9_is_not():
    """A blocked key gets exactly 0 weight; with -1e9 it would not when scores are huge."""
    q = torch.tensor([[1e10]], dtype=torch.float64)
    k = torch.tensor([[1.0], [-1.0]], dtype=torch.float64)
    v = torch.tensor([[1.0], [2.0]], dtype=torch.float64)
    mask = torch.tensor([[False, True]])
    _, weights = scaled_dot_product_attention(q, k, v, mask)
    assert weights.tolist() == [[0.0, 1.0]]
    fake = torch.softmax(torch.where(mask, q @ k.T, torch.tensor(-1e9, dtype=torch.float64)), -1)
    assert fake[0, 0] == 1.0  # the "blocked" key wins with -1e9


def test_sdpa_gradcheck():
    q = _randn(1, 2, 3, 4, seed=60).requires_grad_()
    k = _randn(1, 2, 5, 4, seed=61).requires_grad_()
    v = _randn(1, 2, 5, 3, seed=62).requires_grad_()
    mask = causal_mask(3, T_k=5)
    assert torch.autograd.gradcheck(lambda a, b, c: scaled_dot_product_attention(a, b, c, mask)[0], (q, k, v))


# ----------------------------------------------------------------------------- multi-head


def _copy_to_torch_mha(ours: MultiHeadSelfAttention, bias: bool) -> nn.MultiheadAttention:
    ref = nn.MultiheadAttention(ours.d_model, ours.num_heads, bias=bias, batch_first=True, dtype=ours.q_proj.weight.dtype)
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([ours.q_proj.weight, ours.k_proj.weight, ours.v_proj.weight]))
        ref.out_proj.weight.copy_(ours.out_proj.weight)
        if bias:
            ref.in_proj_bias.copy_(torch.cat([ours.q_proj.bias, ours.k_proj.bias, ours.v_proj.bias]))
            ref.out_proj.bias.copy_(ours.out_proj.bias)
    return ref


def _mha(d_model, num_heads, bias=True, dtype=torch.float64, seed=0):
    torch.manual_seed(seed)
    return MultiHeadSelfAttention(d_model, num_heads, bias=bias).to(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("d_model,num_heads", [(8, 1), (8, 2), (12, 3), (16, 8)])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("seed", [0, 1])
def test_mha_matches_torch_without_mask(dtype, d_model, num_heads, bias, seed):
    ours = _mha(d_model, num_heads, bias, dtype, seed)
    ref = _copy_to_torch_mha(ours, bias)
    x = _randn(2, 5, d_model, seed=seed + 100, dtype=dtype)
    out, weights = ours(x, return_weights=True)
    ref_out, ref_w = ref(x, x, x, need_weights=True, average_attn_weights=False)
    assert out.shape == (2, 5, d_model) and weights.shape == (2, num_heads, 5, 5)
    torch.testing.assert_close(out, ref_out)
    torch.testing.assert_close(weights, ref_w)
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, num_heads, 5, dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", ["causal", "padding", "both"])
def test_mha_matches_torch_with_inverted_mask(dtype, kind):
    B, T, d_model, nh = 3, 6, 12, 3
    ours = _mha(d_model, nh, dtype=dtype, seed=7)
    ref = _copy_to_torch_mha(ours, bias=True)
    x = _randn(B, T, d_model, seed=8, dtype=dtype)
    causal = causal_mask(T)  # (T, T), True = may attend
    pad = _padding_mask(B, T, seed=9)  # (B, 1, 1, T), True = may attend
    mask = {"causal": causal, "padding": pad, "both": causal & pad}[kind]
    out = ours(x, mask)
    # nn.MultiheadAttention: bool attn_mask True = NOT allowed, shape (T, T) or (B * nh, T, T)
    blocked = (~mask).expand(B, nh, T, T).reshape(B * nh, T, T)
    ref_out, _ = ref(x, x, x, attn_mask=blocked, need_weights=False)
    torch.testing.assert_close(out, ref_out)


def test_mha_mask_polarity_is_opposite_to_torch_mha():
    """Pinned: passing our mask (True = attend) to nn.MultiheadAttention un-inverted
    silently computes something else; only the inverted mask matches."""
    B, T, d_model, nh = 2, 5, 8, 2
    ours = _mha(d_model, nh, seed=11)
    ref = _copy_to_torch_mha(ours, bias=True)
    x = _randn(B, T, d_model, seed=12)
    mask = _padding_mask(B, T, seed=13)  # both polarities leave every row a key
    attend = mask.expand(B, nh, T, T).reshape(B * nh, T, T)
    out = ours(x, mask)
    inverted, _ = ref(x, x, x, attn_mask=~attend, need_weights=False)
    as_is, _ = ref(x, x, x, attn_mask=attend, need_weights=False)
    assert torch.isfinite(as_is).all()
    torch.testing.assert_close(out, inverted)
    assert (out - as_is).abs().max() > 1e-2
    # key_padding_mask (B, T) follows the same polarity: True = ignore this key
    kpm_out, _ = ref(x, x, x, key_padding_mask=~mask[:, 0, 0, :], need_weights=False)
    torch.testing.assert_close(out, kpm_out)


def test_mha_rejects_indivisible_heads():
    with pytest.raises(ValueError):
        MultiHeadSelfAttention(10, 3)
    assert MultiHeadSelfAttention(12, 3).d_k == 4


def test_mha_causality_future_tokens_do_not_change_past_outputs():
    T = 7
    ours = _mha(8, 2, seed=20)
    x = _randn(1, T, 8, seed=21)
    x2 = x.clone()
    x2[:, 4:] = _randn(1, T - 4, 8, seed=22)  # change tokens 4..6
    y, y2 = ours(x, causal_mask(T)), ours(x2, causal_mask(T))
    torch.testing.assert_close(y[:, :4], y2[:, :4])
    assert (y[:, 4:] - y2[:, 4:]).abs().max() > 1e-3
    # without the mask the past does see the future
    assert (ours(x)[:, :4] - ours(x2)[:, :4]).abs().max() > 1e-3


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mha_permutation_equivariance_without_mask(seed):
    T = 6
    ours = _mha(12, 3, seed=seed)
    x = _randn(2, T, 12, seed=seed + 30)
    perm = torch.randperm(T, generator=_gen(seed + 40))
    torch.testing.assert_close(ours(x[:, perm]), ours(x)[:, perm])


def test_mha_gradients_flow_and_gradcheck():
    ours = _mha(4, 2, seed=50)
    x = _randn(1, 3, 4, seed=51).requires_grad_()
    assert torch.autograd.gradcheck(lambda t: ours(t, causal_mask(3)), (x,))
    ours(x).sum().backward()
    for name, p in ours.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name


def test_row_with_no_allowed_key_math_path_and_torch_mha():
    """Pinned for torch 2.13: SDPA's math path (d_k != d_v) also gives a zero row, while
    nn.MultiheadAttention disagrees with itself: NaN with need_weights=True, the SDPA zero
    row (then out_proj) with need_weights=False. Ours gives out_proj(0) = out_proj.bias."""
    q, v = _randn(1, 1, 3, 4, seed=70), _randn(1, 1, 3, 6, seed=71)
    mask = torch.ones(3, 3, dtype=torch.bool)
    mask[1] = False
    assert (F.scaled_dot_product_attention(q, q, v, attn_mask=mask)[0, 0, 1] == 0).all()
    assert (scaled_dot_product_attention(q, q, v, mask)[0][0, 0, 1] == 0).all()

    ours = _mha(8, 2, seed=72)
    with torch.no_grad():
        ours.out_proj.bias.normal_()
    ref = _copy_to_torch_mha(ours, bias=True)
    x = _randn(1, 3, 8, seed=73)
    out = ours(x, mask)
    assert torch.isnan(ref(x, x, x, attn_mask=~mask, need_weights=True)[0][0, 1]).all()
    no_weights, _ = ref(x, x, x, attn_mask=~mask, need_weights=False)
    torch.testing.assert_close(out, no_weights)
    torch.testing.assert_close(out[0, 1], ours.out_proj.bias)
