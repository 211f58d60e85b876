"""answers.closed_form (pure Python) against the torch implementations in answers/ and
against torch itself."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn as nn

from answers import closed_form as CF
from answers.attention import MultiHeadSelfAttention, scaled_dot_product_attention
from answers.positional import sinusoidal_positional_encoding

SCORE_LISTS = [[5.2, 8.7, 2.1], [0.0, 0.0, 0.0], [1e4, -1e4, 3.0], [-3.5, 2.25, 2.25], [0.1, 0.2, 0.3]]


@pytest.mark.parametrize("scores", SCORE_LISTS + [[1.0], [1.0, 2.0, 3.0, 4.0, 5.0]])
def test_softmax_vs_torch(scores):
    ref = torch.softmax(torch.tensor(scores, dtype=torch.float64), dim=0).tolist()
    assert CF.softmax(scores) == pytest.approx(ref, rel=1e-12, abs=1e-15)


def test_softmax_document_scores():
    assert [round(w, 4) for w in CF.softmax([5.2, 8.7, 2.1])] == [0.0293, 0.9694, 0.0013]


@pytest.mark.parametrize("scores", SCORE_LISTS)
@pytest.mark.parametrize("which", [1, 2, 3])
def test_softmax_weight_vs_torch(scores, which):
    ref = torch.softmax(torch.tensor(scores, dtype=torch.float64), dim=0)[which - 1].item()
    assert CF.softmax_weight(*scores, which=which) == pytest.approx(ref, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("scores", SCORE_LISTS)
@pytest.mark.parametrize("d_k", [1, 4, 64, 512])
def test_scaled_softmax_weight_vs_torch(scores, d_k):
    t = torch.tensor(scores, dtype=torch.float64) / math.sqrt(d_k)
    for which in (1, 2, 3):
        ref = torch.softmax(t, dim=0)[which - 1].item()
        assert CF.scaled_softmax_weight(*scores, d_k=d_k, which=which) == pytest.approx(ref, rel=1e-12, abs=1e-15)


def test_scaled_softmax_weight_equals_our_sdpa_weights():
    """The scale is the one our attention uses: q.k / sqrt(d_k)."""
    g = torch.Generator().manual_seed(0)
    q = torch.randn(1, 16, generator=g, dtype=torch.float64)
    k = torch.randn(3, 16, generator=g, dtype=torch.float64)
    raw = (q @ k.T)[0].tolist()
    _, weights = scaled_dot_product_attention(q, k, k)
    for which in (1, 2, 3):
        assert CF.scaled_softmax_weight(*raw, d_k=16, which=which) == pytest.approx(weights[0, which - 1].item(), rel=1e-12)


@pytest.mark.parametrize("d_model", [1, 2, 3, 4, 7, 16, 33, 128, 512])
def test_pe_value_vs_table(d_model):
    max_len = 60
    table = sinusoidal_positional_encoding(max_len, d_model, dtype=torch.float64)
    for pos in (0, 1, 2, 5, 17, 59):
        for i in range(d_model):
            assert CF.pe_value(pos, i, d_model) == pytest.approx(table[pos, i].item(), abs=1e-12)


def test_pe_value_rejects_out_of_range_column():
    with pytest.raises(ValueError):
        CF.pe_value(0, 4, 4)
    with pytest.raises(ValueError):
        CF.pe_value(0, -1, 4)


@pytest.mark.parametrize("d_model,num_heads", [(512, 8), (768, 12), (64, 1), (48, 6), (10, 5)])
def test_head_dim_and_scale_vs_modules(d_model, num_heads):
    assert CF.head_dim(d_model, num_heads) == MultiHeadSelfAttention(d_model, num_heads).d_k
    assert CF.head_dim(d_model, num_heads) == nn.MultiheadAttention(d_model, num_heads).head_dim
    assert CF.attention_scale(d_model, num_heads) == pytest.approx(math.sqrt(d_model / num_heads), rel=1e-15)
    assert CF.attention_scale(512, 8) == 8.0


@pytest.mark.parametrize("d_model,num_heads", [(10, 3), (512, 7), (6, 4)])
def test_indivisible_heads_raise(d_model, num_heads):
    with pytest.raises(ValueError):
        CF.head_dim(d_model, num_heads)
    with pytest.raises(ValueError):
        CF.attention_scale(d_model, num_heads)
    with pytest.raises(ValueError):
        MultiHeadSelfAttention(d_model, num_heads)
    with pytest.raises(AssertionError):  # torch's own module asserts instead
        nn.MultiheadAttention(d_model, num_heads)


@pytest.mark.parametrize("d_k", [1, 4, 16, 64, 256])
@pytest.mark.parametrize("law", ["normal", "rademacher"])
def test_dot_product_std_empirical(d_k, law):
    """Var(q.k) = d_k for any independent zero-mean unit-variance entries. With N = 20000
    samples the relative standard error of the std is at most about 1% (Gaussian, d_k = 1,
    where the fourth moment is largest), so a 5% tolerance is five standard errors;
    Rademacher entries make each product +-1 and the error smaller."""
    n = 20000
    g = torch.Generator().manual_seed(d_k)
    if law == "normal":
        q = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        k = torch.randn(n, d_k, generator=g, dtype=torch.float64)
    else:
        q = torch.randint(0, 2, (n, d_k), generator=g).double() * 2 - 1
        k = torch.randint(0, 2, (n, d_k), generator=g).double() * 2 - 1
    empirical = (q * k).sum(-1).std().item()
    assert empirical == pytest.approx(CF.dot_product_std(d_k), rel=0.05)
    # after dividing by sqrt(d_k) the scores have std ~1 whatever d_k
    assert ((q * k).sum(-1) / math.sqrt(d_k)).std().item() == pytest.approx(1.0, rel=0.05)


@pytest.mark.parametrize("rho", [0.5, 0.9, 1.0, 1.1])
@pytest.mark.parametrize("steps", [1, 10, 50])
def test_gradient_factor_vs_scaled_orthogonal_map(rho, steps):
    """W = rho * Q with Q orthogonal scales every vector by exactly rho, so k applications
    scale the norm by rho ** k."""
    g = torch.Generator().manual_seed(steps)
    Q, _ = torch.linalg.qr(torch.randn(32, 32, generator=g, dtype=torch.float64))
    W = rho * Q
    grad = torch.randn(32, generator=g, dtype=torch.float64)
    out = grad.clone()
    for _ in range(steps):
        out = W.T @ out  # backprop through h_t = W h_{t-1}
    assert (out.norm() / grad.norm()).item() == pytest.approx(CF.gradient_factor(rho, steps), rel=1e-10)


def test_gradient_factor_document_numbers():
    assert CF.gradient_factor(0.9, 50) == pytest.approx(0.9**50)
    assert round(CF.gradient_factor(0.9, 50), 5) == 0.00515
    assert 117 < CF.gradient_factor(1.1, 50) < 118


def test_bpe_vocab_size_gpt2():
    """Hand computation: GPT-2's vocabulary is 256 byte tokens + 50,000 merges + 1 special
    token (<|endoftext|>) = 50,257 (the published GPT-2 vocabulary size)."""
    assert CF.bpe_vocab_size(256, 50000, 1) == 256 + 50000 + 1 == 50257
    assert CF.bpe_vocab_size(256, 0) == 256


@pytest.mark.parametrize("n1,n2", [(1, 1), (2, 1), (5, 7), (0, 3), (12, 0)])
def test_bert_pair_length_counts_tokens(n1, n2):
    a = [f"a{i}" for i in range(n1)]
    b = [f"b{i}" for i in range(n2)]
    tokens = ["[CLS]", *a, "[SEP]", *b, "[SEP]"]
    assert CF.bert_pair_length(n1, n2) == len(tokens)


def test_bert_pair_length_literal_example():
    assert CF.bert_pair_length(2, 1) == len("[CLS] a b [SEP] c [SEP]".split()) == 6
