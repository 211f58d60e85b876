"""answers.norms against nn.LayerNorm / nn.RMSNorm with copied weights: values, gradients, eps,
and the inputs where the common shortcuts break (near-constant rows, a large offset, zeros)."""

import pytest
import torch
from torch import nn

from answers.norms import layer_norm, rms_norm

TOL = {torch.float32: {"atol": 1e-5, "rtol": 1e-5}, torch.float64: {"atol": 1e-12, "rtol": 1e-10}}
SHAPES = [(1, 5), (3, 7), (2, 4, 6), (2, 3, 5, 8)]
DTYPES = [torch.float32, torch.float64]


def torch_layer_norm(d, eps, dtype, seed):
    torch.manual_seed(seed)
    module = nn.LayerNorm(d, eps=eps, dtype=dtype)
    with torch.no_grad():  # the default init is weight 1, bias 0: make them count
        module.weight.normal_()
        module.bias.normal_()
    return module


def torch_rms_norm(d, eps, dtype, seed):
    torch.manual_seed(seed)
    module = nn.RMSNorm(d, eps=eps, dtype=dtype)
    with torch.no_grad():
        module.weight.normal_()
    return module


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("eps", [1e-5, 0.1])
@pytest.mark.parametrize("shape", SHAPES)
def test_layer_norm_matches_torch(shape, eps, dtype):
    module = torch_layer_norm(shape[-1], eps, dtype, seed=len(shape))
    x = torch.randn(shape, dtype=dtype) * 3 + 1
    with torch.no_grad():
        torch.testing.assert_close(layer_norm(x, module.weight, module.bias, eps), module(x), **TOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("eps", [1e-6, 0.1])
@pytest.mark.parametrize("shape", SHAPES)
def test_rms_norm_matches_torch(shape, eps, dtype):
    module = torch_rms_norm(shape[-1], eps, dtype, seed=len(shape))
    x = torch.randn(shape, dtype=dtype) * 3 + 1
    with torch.no_grad():
        torch.testing.assert_close(rms_norm(x, module.weight, eps), module(x), **TOL[dtype])


def test_default_eps_match_the_statements():
    x = torch.randn(3, 4, dtype=torch.float64) * 1e-3  # small rows: eps matters
    w, b = torch.randn(4, dtype=torch.float64), torch.randn(4, dtype=torch.float64)
    expected = torch.nn.functional.layer_norm(x, (4,), w, b, eps=1e-5)
    torch.testing.assert_close(layer_norm(x, w, b), expected, atol=1e-12, rtol=1e-10)
    expected = torch.nn.functional.rms_norm(x, (4,), w, eps=1e-6)
    torch.testing.assert_close(rms_norm(x, w), expected, atol=1e-12, rtol=1e-10)


def test_gradients_match_torch():
    torch.manual_seed(3)
    x = torch.randn(2, 3, 6, dtype=torch.float64, requires_grad=True)
    seed = torch.randn(2, 3, 6, dtype=torch.float64)
    ln = torch_layer_norm(6, 1e-5, torch.float64, 0)
    params = [x, ln.weight, ln.bias]
    ref = torch.autograd.grad((ln(x) * seed).sum(), params)
    got = torch.autograd.grad((layer_norm(x, ln.weight, ln.bias, 1e-5) * seed).sum(), params)
    for a, b in zip(got, ref):
        torch.testing.assert_close(a, b, atol=1e-12, rtol=1e-10)
    rms = torch_rms_norm(6, 1e-6, torch.float64, 0)
    ref = torch.autograd.grad((rms(x) * seed).sum(), [x, rms.weight])
    got = torch.autograd.grad((rms_norm(x, rms.weight, 1e-6) * seed).sum(), [x, rms.weight])
    for a, b in zip(got, ref):
        torch.testing.assert_close(a, b, atol=1e-12, rtol=1e-10)


def test_hand_examples_from_the_docstring():
    x = torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64)
    one, zero = torch.ones(3, dtype=torch.float64), torch.zeros(3, dtype=torch.float64)
    s = (2 / 3) ** -0.5
    torch.testing.assert_close(layer_norm(x, one, zero, eps=0.0), torch.tensor([[-s, 0.0, s]], dtype=torch.float64))
    rms = (14 / 3) ** 0.5
    torch.testing.assert_close(rms_norm(x, one, eps=0.0), x / rms)
    assert [round(v, 4) for v in rms_norm(x, one, eps=0.0)[0].tolist()] == [0.4629, 0.9258, 1.3887]


def test_a_constant_row_gives_the_bias_and_a_zero_row_gives_zeros():
    w, b = torch.randn(5, dtype=torch.float64), torch.randn(5, dtype=torch.float64)
    constant = torch.full((1, 5), 3.7, dtype=torch.float64)
    torch.testing.assert_close(layer_norm(constant, w, b), b.expand(1, 5), atol=1e-12, rtol=0)
    assert torch.equal(rms_norm(torch.zeros(2, 5, dtype=torch.float64), w), torch.zeros(2, 5, dtype=torch.float64))


def test_large_offset_in_float32_needs_the_two_pass_variance():
    """Mean 1e4, spread 1: E[x^2] - E[x]^2 loses everything in float32; our two-pass form does not."""
    torch.manual_seed(4)
    x64 = 1e4 + torch.randn(4, 16, dtype=torch.float64)
    x = x64.float()
    w, b = torch.ones(16), torch.zeros(16)
    expected = torch.nn.functional.layer_norm(x.double(), (16,), w.double(), b.double(), eps=1e-5)
    torch.testing.assert_close(layer_norm(x, w, b).double(), expected, atol=2e-3, rtol=0)
    naive_var = (x * x).mean(-1, keepdim=True) - x.mean(-1, keepdim=True) ** 2
    naive = (x - x.mean(-1, keepdim=True)) / torch.sqrt(naive_var.clamp_min(0) + 1e-5)
    assert (naive.double() - expected).abs().max() > 0.1


def test_layer_norm_statistics_are_per_token():
    """Changing another token (row) of the batch changes nothing in this one."""
    torch.manual_seed(9)
    x = torch.randn(3, 8, dtype=torch.float64)
    w, b = torch.randn(8, dtype=torch.float64), torch.randn(8, dtype=torch.float64)
    y = x.clone()
    y[1:] = 100 * torch.randn(2, 8, dtype=torch.float64)
    assert torch.equal(layer_norm(x, w, b)[0], layer_norm(y, w, b)[0])
    assert torch.equal(rms_norm(x, w)[0], rms_norm(y, w)[0])
