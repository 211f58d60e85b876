"""Hand-written BPTT (answers.rnn_numpy) against torch autograd through nn.RNN."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from answers.rnn_numpy import rnn_backward, rnn_backward_from_cache, rnn_forward_np

SIZES = [(1, 1, 1, 1), (2, 1, 3, 4), (1, 5, 2, 3), (3, 8, 4, 6), (2, 20, 7, 5)]  # (B, T, d, h)
KEYS = {"dW_xh", "dW_hh", "db_h", "dh0", "dx"}


def random_problem(B, T, d, h, seed):
    rng = np.random.default_rng(seed)
    return {
        "x": rng.standard_normal((B, T, d)),
        "h0": rng.standard_normal((B, h)),
        "W_xh": rng.standard_normal((h, d)) / math.sqrt(d),
        "W_hh": rng.standard_normal((h, h)) / math.sqrt(h),
        "b_h": rng.standard_normal(h) * 0.5,
        "dH": rng.standard_normal((B, T, h)),
    }


def torch_reference(p):
    """H and the gradients of sum(H * dH) from torch autograd through nn.RNN (float64).

    nn.RNN has two biases; b_ih = b_h and b_hh = 0 give our cell, and both biases
    then receive dL/db_h.
    """
    d, h = p["x"].shape[-1], p["h0"].shape[-1]
    rnn = nn.RNN(d, h, batch_first=True, nonlinearity="tanh", dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(p["W_xh"]))
        rnn.weight_hh_l0.copy_(torch.from_numpy(p["W_hh"]))
        rnn.bias_ih_l0.copy_(torch.from_numpy(p["b_h"]))
        rnn.bias_hh_l0.zero_()
    x = torch.from_numpy(p["x"]).requires_grad_(True)
    h0 = torch.from_numpy(p["h0"]).unsqueeze(0).requires_grad_(True)
    H, _ = rnn(x, h0)
    (H * torch.from_numpy(p["dH"])).sum().backward()
    grads = {"dW_xh": rnn.weight_ih_l0.grad, "dW_hh": rnn.weight_hh_l0.grad, "db_h": rnn.bias_ih_l0.grad,
             "dh0": h0.grad[0], "dx": x.grad}
    torch.testing.assert_close(rnn.bias_ih_l0.grad, rnn.bias_hh_l0.grad, atol=1e-13, rtol=0)
    return H.detach().numpy(), {k: v.numpy() for k, v in grads.items()}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("B,T,d,h", SIZES)
def test_backward_matches_torch_autograd(B, T, d, h, seed):
    p = random_problem(B, T, d, h, seed)
    H_ref, grads_ref = torch_reference(p)
    H, _ = rnn_forward_np(p["x"], p["h0"], p["W_xh"], p["W_hh"], p["b_h"])
    np.testing.assert_allclose(H, H_ref, atol=1e-12, rtol=0)
    grads = rnn_backward(**p)
    assert set(grads) == KEYS
    for key in KEYS:
        assert isinstance(grads[key], np.ndarray)
        assert grads[key].shape == grads_ref[key].shape, key
        np.testing.assert_allclose(grads[key], grads_ref[key], atol=1e-10, rtol=1e-10, err_msg=key)


def test_backward_matches_the_hand_computation():
    # d = h = B = T = 1, W_xh = 2, W_hh = 0.5, b_h = 0, h0 = 0.3, x = 0.4, dH = 1.
    # a = 0.8 + 0.15 = 0.95, h = tanh(0.95), da = 1 - h^2.
    one = np.ones((1, 1))
    grads = rnn_backward(0.4 * np.ones((1, 1, 1)), 0.3 * one, 2 * one, 0.5 * one, np.zeros(1), np.ones((1, 1, 1)))
    da = 1 - math.tanh(0.95) ** 2
    expected = {"dW_xh": da * 0.4, "dW_hh": da * 0.3, "db_h": da, "dh0": da * 0.5, "dx": da * 2}
    for key, value in expected.items():
        assert grads[key].item() == pytest.approx(value, abs=1e-15), key


def test_two_step_recurrence_by_hand():
    # T = 2, scalar: dh_2 = dH_2, da_2 = dh_2 (1 - h_2^2); dh_1 = dH_1 + da_2 W_hh, da_1 = dh_1 (1 - h_1^2).
    w_x, w_h, b, h0, x1, x2, g1, g2 = 0.7, -1.3, 0.1, 0.2, 0.5, -0.9, 0.4, -1.1
    h1 = math.tanh(w_x * x1 + w_h * h0 + b)
    h2 = math.tanh(w_x * x2 + w_h * h1 + b)
    da2 = g2 * (1 - h2**2)
    da1 = (g1 + da2 * w_h) * (1 - h1**2)
    grads = rnn_backward(np.array([[[x1], [x2]]]), np.array([[h0]]), np.array([[w_x]]), np.array([[w_h]]),
                         np.array([b]), np.array([[[g1], [g2]]]))
    assert grads["dW_hh"].item() == pytest.approx(da1 * h0 + da2 * h1, abs=1e-15)
    assert grads["dW_xh"].item() == pytest.approx(da1 * x1 + da2 * x2, abs=1e-15)
    assert grads["db_h"].item() == pytest.approx(da1 + da2, abs=1e-15)
    assert grads["dh0"].item() == pytest.approx(da1 * w_h, abs=1e-15)
    assert grads["dx"].flatten().tolist() == pytest.approx([da1 * w_x, da2 * w_x], abs=1e-15)


class NumpyRNN(torch.autograd.Function):
    """Wraps the NumPy forward/backward so torch.autograd.gradcheck can test it."""

    @staticmethod
    def forward(ctx, x, h0, W_xh, W_hh, b_h):
        H, cache = rnn_forward_np(*(t.detach().numpy() for t in (x, h0, W_xh, W_hh, b_h)))
        ctx.cache = cache
        return torch.from_numpy(H)

    @staticmethod
    def backward(ctx, dH):
        g = rnn_backward_from_cache(ctx.cache, dH.detach().numpy())
        return tuple(torch.from_numpy(g[k]) for k in ("dx", "dh0", "dW_xh", "dW_hh", "db_h"))


@pytest.mark.parametrize("B,T,d,h", [(2, 1, 3, 2), (2, 4, 3, 5)])
def test_autograd_function_passes_gradcheck(B, T, d, h):
    p = random_problem(B, T, d, h, seed=5)
    inputs = tuple(torch.from_numpy(p[k]).requires_grad_(True) for k in ("x", "h0", "W_xh", "W_hh", "b_h"))
    assert torch.autograd.gradcheck(NumpyRNN.apply, inputs, eps=1e-6, atol=1e-8, rtol=1e-6)


def test_inputs_are_not_mutated():
    p = random_problem(2, 6, 3, 4, seed=9)
    before = {k: v.copy() for k, v in p.items()}
    rnn_forward_np(p["x"], p["h0"], p["W_xh"], p["W_hh"], p["b_h"])
    rnn_backward(**p)
    for key in p:
        assert np.array_equal(p[key], before[key]), key


def test_forward_returns_the_states_it_caches():
    p = random_problem(2, 3, 4, 5, seed=4)
    H, cache = rnn_forward_np(p["x"], p["h0"], p["W_xh"], p["W_hh"], p["b_h"])
    assert H.shape == (2, 3, 5)
    assert np.array_equal(cache["H"], H)
    h1 = np.tanh(p["x"][:, 0] @ p["W_xh"].T + p["h0"] @ p["W_hh"].T + p["b_h"])
    np.testing.assert_allclose(H[:, 0], h1, atol=1e-15, rtol=0)
