"""answers.rnn against torch: nn.RNN, nn.Embedding/nn.Linear, torch.nn.utils clipping."""

import math

import pytest
import torch
from torch import nn

from answers.complexity import rnn_lm_param_count, torch_rnn_param_count
from answers.rnn import RNNLanguageModel, clip_grad_norm_, clip_grad_value_, rnn_cell, rnn_forward

TOL = {torch.float32: {"atol": 1e-6, "rtol": 1e-6}, torch.float64: {"atol": 1e-12, "rtol": 1e-12}}
SIZES = [(1, 1, 3, 4), (2, 1, 5, 7), (3, 7, 4, 8), (2, 30, 10, 16), (4, 16, 32, 64)]  # (B, T, d, h)
DTYPES = [torch.float32, torch.float64]


def seeded_torch_rnn(d, h, seed, dtype, bias=True):
    torch.manual_seed(seed)
    return nn.RNN(d, h, batch_first=True, nonlinearity="tanh", bias=bias, dtype=dtype)


def weights_of(rnn):
    """(W_xh, W_hh, b_h) of an nn.RNN; b_h = b_ih + b_hh."""
    b_h = rnn.bias_ih_l0 + rnn.bias_hh_l0 if rnn.bias else torch.zeros(rnn.hidden_size, dtype=rnn.weight_hh_l0.dtype)
    return rnn.weight_ih_l0, rnn.weight_hh_l0, b_h


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("B,T,d,h", SIZES)
def test_rnn_forward_matches_torch_rnn(B, T, d, h, seed, dtype):
    rnn = seeded_torch_rnn(d, h, seed, dtype)
    x = torch.randn(B, T, d, dtype=dtype)
    h0 = torch.randn(B, h, dtype=dtype)
    with torch.no_grad():
        H_ref, h_n = rnn(x, h0.unsqueeze(0))  # h_n: (num_layers=1, B, h)
        H, h_T = rnn_forward(x, h0, *weights_of(rnn))
    assert H.shape == (B, T, h) and h_T.shape == (B, h)
    torch.testing.assert_close(H, H_ref, **TOL[dtype])
    torch.testing.assert_close(h_T, h_n[0], **TOL[dtype])
    assert torch.equal(h_T, H[:, -1])


@pytest.mark.parametrize("dtype", DTYPES)
def test_rnn_forward_matches_torch_rnn_without_bias(dtype):
    rnn = seeded_torch_rnn(6, 9, 3, dtype, bias=False)
    x = torch.randn(2, 11, 6, dtype=dtype)
    h0 = torch.zeros(2, 9, dtype=dtype)
    with torch.no_grad():
        H_ref, _ = rnn(x)  # nn.RNN's default h0 is zeros
        H, _ = rnn_forward(x, h0, *weights_of(rnn))
    torch.testing.assert_close(H, H_ref, **TOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("B,T,d,h", SIZES)
def test_cell_step_by_step_equals_forward(B, T, d, h, dtype):
    torch.manual_seed(B * 100 + T)
    x = torch.randn(B, T, d, dtype=dtype)
    h_t = torch.randn(B, h, dtype=dtype)
    W_xh, W_hh, b_h = torch.randn(h, d, dtype=dtype), torch.randn(h, h, dtype=dtype) / h, torch.randn(h, dtype=dtype)
    H, h_T = rnn_forward(x, h_t, W_xh, W_hh, b_h)
    for t in range(T):
        h_t = rnn_cell(x[:, t], h_t, W_xh, W_hh, b_h)
        assert h_t.shape == (B, h)
        torch.testing.assert_close(H[:, t], h_t, atol=0, rtol=0)
    torch.testing.assert_close(h_T, h_t, atol=0, rtol=0)


def test_cell_matches_the_hand_computation():
    # d = h = 1, W_xh = W_hh = 1, b_h = 0, h0 = 0, x = [1, 1]: tanh(1), tanh(1 + tanh(1)).
    one = torch.ones(1, 1, dtype=torch.float64)
    H, h_T = rnn_forward(torch.ones(1, 2, 1, dtype=torch.float64), torch.zeros(1, 1, dtype=torch.float64),
                         one, one, torch.zeros(1, dtype=torch.float64))
    assert H.flatten().tolist() == pytest.approx([math.tanh(1), math.tanh(1 + math.tanh(1))], abs=1e-15)
    assert h_T.item() == pytest.approx(0.9427, abs=1e-4)


def test_rnn_cell_uses_row_vectors_and_weight_shapes_of_torch():
    # W_xh is [h, d] (nn.RNN's weight_ih_l0), so a non-square W_xh only fits as x_t @ W_xh.T.
    x_t, h_prev = torch.randn(5, 3), torch.randn(5, 4)
    out = rnn_cell(x_t, h_prev, torch.randn(4, 3), torch.randn(4, 4), torch.randn(4))
    assert out.shape == (5, 4)
    assert out.abs().max() < 1


def test_rnn_forward_with_no_steps_returns_h0():
    h0 = torch.randn(2, 4)
    H, h_T = rnn_forward(torch.randn(2, 0, 3), h0, torch.randn(4, 3), torch.randn(4, 4), torch.randn(4))
    assert H.shape == (2, 0, 4)
    assert torch.equal(h_T, h0)


def test_rnn_forward_does_not_call_torch_rnn(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("rnn_forward must not call torch's RNN kernels")

    monkeypatch.setattr(torch, "rnn_tanh", forbidden)
    monkeypatch.setattr(torch, "rnn_tanh_cell", forbidden)
    H, _ = rnn_forward(torch.randn(1, 3, 2), torch.zeros(1, 4), torch.randn(4, 2), torch.randn(4, 4), torch.zeros(4))
    assert H.shape == (1, 3, 4)


def torch_reference_lm(V, d, h, seed, dtype):
    torch.manual_seed(seed)
    embedding = nn.Embedding(V, d, dtype=dtype)
    rnn = nn.RNN(d, h, batch_first=True, dtype=dtype)
    head = nn.Linear(h, V, dtype=dtype)
    return embedding, rnn, head


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("V,d,h,B,T", [(11, 4, 6, 2, 5), (50, 8, 16, 3, 1), (30, 16, 8, 1, 12)])
def test_language_model_matches_torch_modules(V, d, h, B, T, dtype):
    embedding, rnn, head = torch_reference_lm(V, d, h, seed=V + T, dtype=dtype)
    model = RNNLanguageModel.from_torch(embedding, rnn, head)
    ids = torch.randint(0, V, (B, T))
    h0 = torch.randn(B, h, dtype=dtype)
    H_ref, h_n = rnn(embedding(ids), h0.unsqueeze(0))
    logits_ref = head(H_ref)
    logits, h_T = model(ids, h0)
    assert logits.shape == (B, T, V)
    torch.testing.assert_close(logits, logits_ref, **TOL[dtype])
    torch.testing.assert_close(h_T, h_n[0], **TOL[dtype])

    # Gradients flow to the same places: b_h receives what torch gives to each of b_ih and b_hh.
    weights = torch.randn(B, T, V, dtype=dtype)
    (logits * weights).sum().backward()
    (logits_ref * weights).sum().backward()
    grad_tol = {"atol": 1e-5, "rtol": 1e-5} if dtype == torch.float32 else TOL[dtype]
    torch.testing.assert_close(model.W_xh.grad, rnn.weight_ih_l0.grad, **grad_tol)
    torch.testing.assert_close(model.W_hh.grad, rnn.weight_hh_l0.grad, **grad_tol)
    torch.testing.assert_close(model.b_h.grad, rnn.bias_ih_l0.grad, **grad_tol)
    torch.testing.assert_close(model.b_h.grad, rnn.bias_hh_l0.grad, **grad_tol)
    torch.testing.assert_close(model.embedding.weight.grad, embedding.weight.grad, **grad_tol)
    torch.testing.assert_close(model.head.weight.grad, head.weight.grad, **grad_tol)


def test_language_model_default_h0_is_zeros():
    model = RNNLanguageModel(20, 5, 7)
    ids = torch.randint(0, 20, (3, 4))
    logits_default, _ = model(ids)
    logits_zero, _ = model(ids, torch.zeros(3, 7))
    torch.testing.assert_close(logits_default, logits_zero, atol=0, rtol=0)


def test_load_from_torch_rnn_sums_the_two_biases():
    rnn = seeded_torch_rnn(3, 5, 0, torch.float64)
    model = RNNLanguageModel(10, 3, 5, dtype=torch.float64).load_from_torch_rnn(rnn)
    torch.testing.assert_close(model.b_h.detach(), (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach())
    assert not torch.allclose(model.b_h.detach(), rnn.bias_ih_l0.detach())


@pytest.mark.parametrize("kwargs", [{"num_layers": 2}, {"nonlinearity": "relu"}, {"bidirectional": True}])
def test_load_from_torch_rnn_rejects_other_rnns(kwargs):
    model = RNNLanguageModel(10, 3, 5)
    with pytest.raises(ValueError):
        model.load_from_torch_rnn(nn.RNN(3, 5, batch_first=True, **kwargs))


def test_load_from_torch_rnn_rejects_other_sizes():
    with pytest.raises(ValueError):
        RNNLanguageModel(10, 3, 5).load_from_torch_rnn(nn.RNN(4, 5, batch_first=True))


@pytest.mark.parametrize("V,d,h", [(10, 3, 5), (1000, 32, 64), (30000, 300, 512)])
def test_language_model_parameter_count(V, d, h):
    model = RNNLanguageModel(V, d, h, device="meta")
    counted = sum(p.numel() for p in model.parameters())
    assert counted == rnn_lm_param_count(d, h, V)
    # nn.RNN stores one bias vector more than this model computes with.
    torch_rnn = nn.RNN(d, h, device="meta")
    ours = model.W_xh.numel() + model.W_hh.numel() + model.b_h.numel()
    assert sum(p.numel() for p in torch_rnn.parameters()) == torch_rnn_param_count(d, h) == ours + h


def params_with_grads(seed, dtype, shapes=((3, 4), (5,), (2, 2, 2)), scale=1.0):
    gen = torch.Generator().manual_seed(seed)
    params = []
    for shape in shapes:
        p = nn.Parameter(torch.randn(shape, generator=gen, dtype=dtype))
        p.grad = torch.randn(shape, generator=gen, dtype=dtype) * scale
        params.append(p)
    return params


def clone_with_grads(params):
    copies = []
    for p in params:
        c = nn.Parameter(p.detach().clone())
        c.grad = None if p.grad is None else p.grad.clone()
        copies.append(c)
    return copies


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, math.inf])
@pytest.mark.parametrize("max_norm", [0.1, 1.0, 2.5])
@pytest.mark.parametrize("seed", [0, 1])
def test_clip_grad_norm_matches_torch(seed, max_norm, norm_type, dtype):
    ours = params_with_grads(seed, dtype)
    ref = clone_with_grads(ours)
    total = clip_grad_norm_(ours, max_norm, norm_type=norm_type)
    total_ref = torch.nn.utils.clip_grad_norm_(ref, max_norm, norm_type=norm_type)
    torch.testing.assert_close(total, total_ref)
    for p, r in zip(ours, ref):
        torch.testing.assert_close(p.grad, r.grad)
    clipped = torch.linalg.vector_norm(torch.cat([p.grad.flatten() for p in ours]), norm_type)
    assert clipped <= max_norm * (1 + 1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
def test_clip_grad_norm_below_max_changes_nothing(dtype):
    ours = params_with_grads(3, dtype, scale=1e-3)
    before = [p.grad.clone() for p in ours]
    ref = clone_with_grads(ours)
    total = clip_grad_norm_(ours, max_norm=1.0)
    total_ref = torch.nn.utils.clip_grad_norm_(ref, max_norm=1.0)
    assert total < 1.0
    torch.testing.assert_close(total, total_ref)
    for p, r, b in zip(ours, ref, before):
        assert torch.equal(p.grad, b)
        assert torch.equal(r.grad, b)


def test_clip_grad_norm_hand_example_and_missing_grads():
    a, b, c = nn.Parameter(torch.zeros(1)), nn.Parameter(torch.zeros(1)), nn.Parameter(torch.zeros(2))
    a.grad, b.grad = torch.tensor([3.0]), torch.tensor([4.0])  # c has no gradient
    total = clip_grad_norm_([a, b, c], max_norm=1.0)
    assert total.item() == 5.0
    assert a.grad.item() == pytest.approx(0.6, rel=1e-6) and b.grad.item() == pytest.approx(0.8, rel=1e-6)
    assert c.grad is None


def test_clip_grad_norm_accepts_a_single_tensor():
    p = nn.Parameter(torch.zeros(3))
    p.grad = torch.tensor([0.0, 6.0, 8.0])
    total = clip_grad_norm_(p, 5.0)
    assert total.item() == 10.0
    torch.testing.assert_close(p.grad, torch.tensor([0.0, 3.0, 4.0]), atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("clip_value", [0.01, 0.5, 10.0])
def test_clip_grad_value_matches_torch(clip_value, dtype):
    ours = params_with_grads(7, dtype)
    ref = clone_with_grads(ours)
    assert clip_grad_value_(ours, clip_value) is None
    torch.nn.utils.clip_grad_value_(ref, clip_value)
    for p, r in zip(ours, ref):
        torch.testing.assert_close(p.grad, r.grad, atol=0, rtol=0)
        assert p.grad.abs().max() <= clip_value


def test_clip_grad_value_changes_the_direction_unlike_norm_clipping():
    p = nn.Parameter(torch.zeros(2))
    p.grad = torch.tensor([3.0, 0.5])
    clip_grad_value_([p], 1.0)
    assert p.grad.tolist() == [1.0, 0.5]
    q = nn.Parameter(torch.zeros(2))
    q.grad = torch.tensor([3.0, 0.5])
    clip_grad_norm_([q], 1.0)
    assert q.grad[0] / q.grad[1] == pytest.approx(6.0)
