"""answers.gradient_flow: exact linear cases, autograd, and the claims the data supports."""

import math

import pytest
import torch

from answers import gradient_flow as gf
from answers.closed_form import gradient_factor
from answers.rnn import rnn_cell, rnn_forward


def first_distance_below(rho, threshold):
    """Hand computation for the linear orthogonal RNN: the first k with rho^k < threshold."""
    k = 0
    while rho**k >= threshold:
        k += 1
    return k


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("rho", [0.25, 0.9, 1.0, 3.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_scale_to_spectral_radius(seed, rho, dtype):
    W = torch.randn(12, 12, generator=torch.Generator().manual_seed(seed), dtype=dtype)
    scaled = gf.scale_to_spectral_radius(W, rho)
    assert scaled.dtype == dtype
    radius = torch.linalg.eigvals(scaled.double()).abs().max().item()
    assert radius == pytest.approx(rho, rel=1e-5 if dtype == torch.float32 else 1e-12)
    # Only the scale changes: the direction of W is kept.
    torch.testing.assert_close(scaled / scaled.norm(), W / W.norm())


def test_scale_to_spectral_radius_hand_example_and_nilpotent():
    W = torch.tensor([[2.0, 0.0], [0.0, -4.0]])
    torch.testing.assert_close(gf.scale_to_spectral_radius(W, 0.5), torch.tensor([[0.25, 0.0], [0.0, -0.5]]))
    with pytest.raises(ValueError):
        gf.scale_to_spectral_radius(torch.tensor([[0.0, 1.0], [0.0, 0.0]]), 1.0)


@pytest.mark.parametrize("rho", [0.5, 0.9, 1.0, 1.2])
def test_linear_orthogonal_rnn_gradient_is_exactly_rho_to_the_k(rho):
    data = gf.gradient_norms_vs_distance(T=60, h=16, spectral_radii=(rho,), nonlinearity="linear",
                                         init="orthogonal")
    assert data["distance"] == list(range(60))
    norms = data["norms"][rho]
    expected = [gradient_factor(rho, k) for k in data["distance"]]
    assert norms == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("nonlinearity", ["tanh", "linear"])
@pytest.mark.parametrize("seed", [0, 1])
def test_bptt_used_inside_equals_autograd(nonlinearity, seed):
    gen = torch.Generator().manual_seed(seed)
    B, T, d, h = 3, 9, 4, 6
    x = torch.randn(B, T, d, generator=gen, dtype=torch.float64)
    W_xh = torch.randn(h, d, generator=gen, dtype=torch.float64)
    W_hh = gf.scale_to_spectral_radius(torch.randn(h, h, generator=gen, dtype=torch.float64), 1.1)
    W_hh.requires_grad_(True)  # so the states are part of an autograd graph
    g_T = torch.randn(B, h, generator=gen, dtype=torch.float64)
    # Independent forward with autograd: our tanh cell (zero bias), or its linear version.
    zero_bias = torch.zeros(h, dtype=torch.float64)
    h_t = torch.zeros(B, h, dtype=torch.float64)
    states = []
    for t in range(T):
        if nonlinearity == "tanh":
            h_t = rnn_cell(x[:, t], h_t, W_xh, W_hh, zero_bias)
        else:
            h_t = x[:, t] @ W_xh.T + h_t @ W_hh.T
        states.append(h_t)
    autograd_G = torch.stack(torch.autograd.grad((states[-1] * g_T).sum(), states), dim=1)
    W_hh = W_hh.detach()
    H = gf.simple_rnn_states(x, W_xh, W_hh, nonlinearity)
    torch.testing.assert_close(H, torch.stack(states, dim=1).detach(), atol=1e-14, rtol=0)
    torch.testing.assert_close(gf.hidden_state_gradients(H, W_hh, g_T, nonlinearity), autograd_G,
                               atol=1e-12, rtol=1e-12)


def test_simple_rnn_states_is_the_tanh_rnn_with_zero_bias_and_state():
    x, W_xh, W_hh = torch.randn(2, 7, 3), torch.randn(5, 3), torch.randn(5, 5) / 3
    H_ref, _ = rnn_forward(x, torch.zeros(2, 5), W_xh, W_hh, torch.zeros(5))
    torch.testing.assert_close(gf.simple_rnn_states(x, W_xh, W_hh), H_ref, atol=0, rtol=0)


def test_gradient_vanishes_below_spectral_radius_one():
    data = gf.gradient_norms_vs_distance(T=100, spectral_radii=(0.5, 0.9))
    for rho, norms in data["norms"].items():
        assert norms[0] == pytest.approx(1.0)
        assert all(norms[k + 10] < norms[k] for k in range(90)), rho
        # In this seeded setting it falls at least as fast as the linear rate rho^k, up to a constant.
        assert norms[99] < 10 * gradient_factor(rho, 99)
    assert data["norms"][0.5][50] < 1e-12
    assert data["norms"][0.9][99] < 1e-5


def test_gradient_explodes_above_one_in_the_near_linear_regime():
    rho, T = 1.5, 20
    tanh = gf.gradient_norms_vs_distance(T=T, spectral_radii=(rho,), input_scale=1e-6)["norms"][rho]
    linear = gf.gradient_norms_vs_distance(T=T, spectral_radii=(rho,), input_scale=1e-6,
                                           nonlinearity="linear")["norms"][rho]
    # Tiny inputs keep tanh in its linear range, so the tanh RNN follows the linear one...
    assert tanh == pytest.approx(linear, rel=1e-3)
    # ...whose gradient grows like rho^k: far above 1 after 19 steps (1.5^19 = 2217).
    assert tanh[-1] > 100
    assert tanh[-1] ** (1 / (T - 1)) == pytest.approx(rho, rel=0.2)


def test_effective_memory_of_the_linear_orthogonal_rnn_is_the_hand_value():
    for rho in (0.3, 0.5, 0.7, 0.9):
        assert gf.effective_memory(rho, nonlinearity="linear", init="orthogonal") == first_distance_below(rho, 1e-2)
    assert gf.effective_memory(0.5, nonlinearity="linear", init="orthogonal") == 7
    assert gf.effective_memory(0.9, nonlinearity="linear", init="orthogonal") == 44
    assert gf.effective_memory(1.0, nonlinearity="linear", init="orthogonal") is None


@pytest.mark.parametrize("input_scale", [0.01, 0.1, 1.0])
def test_effective_memory_increases_with_rho(input_scale):
    grid = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95)
    memory = [gf.effective_memory(rho, input_scale=input_scale) for rho in grid]
    assert all(isinstance(m, int) for m in memory)
    assert memory == sorted(memory)
    assert memory[-1] >= memory[0] + 3


def test_saturation_shortens_effective_memory():
    # The "5-10 words" of the notes is one setting: with saturated tanh units even rho = 0.9 forgets fast.
    small_inputs = gf.effective_memory(0.9, input_scale=0.01)
    saturated = gf.effective_memory(0.9, input_scale=3.0)
    assert saturated <= 10  # data: 5
    assert small_inputs > 3 * saturated  # data: 35


def test_lstm_keeps_more_gradient_than_rnn_at_long_distances():
    for seed in (0, 1, 2):
        data = gf.lstm_vs_rnn_gradients(T_values=(1, 100, 200), seeds=(seed,))
        rnn, lstm = data["rnn"], data["lstm"]
        # Per seed, the LSTM keeps > 1e6 x (data: > 1e7) at T = 100 and > 1e12 x (data: > 1e16) at T = 200.
        assert lstm[1] > 1e6 * rnn[1], seed
        assert lstm[2] > 1e12 * rnn[2], seed
        # At T = 1 there is nothing to keep; the plain RNN's one step passes more.
        assert rnn[0] > lstm[0], seed
        # At this default init both still vanish.
        assert lstm[2] < 1e-30


def test_forget_gate_bias_keeps_more_gradient():
    default = gf.lstm_vs_rnn_gradients(T_values=(100,), seeds=(0,))["lstm"][0]
    biased = gf.lstm_vs_rnn_gradients(T_values=(100,), seeds=(0,), forget_bias=1.0)["lstm"][0]
    assert biased > 1e6 * default


def test_attention_gradient_shrinks_like_one_over_T_not_geometrically():
    data = gf.attention_gradient_vs_distance(T_values=(16, 64, 256, 1024))
    norms, weights = data["norms"], data["weight_on_first"]
    # The gradient is proportional to the attention weight on position 1...
    ratios = [n / w for n, w in zip(norms, weights)]
    assert max(ratios) / min(ratios) < 1.5
    # ...which is ~1/T: T * norm stays within a factor 3 over a 64x range of T.
    scaled = [T * n for T, n in zip(data["T"], norms)]
    assert max(scaled) / min(scaled) < 3
    attention_ratio = norms[0] / norms[2]  # T = 16 vs T = 256: data ~25
    assert 4 < attention_ratio < 64

    # The tanh RNN with rho = 0.9 loses a factor ~rho^240 between the same distances.
    rnn = gf.gradient_norms_vs_distance(T=256, spectral_radii=(0.9,))["norms"][0.9]
    rnn_ratio = rnn[15] / rnn[255]
    assert rnn_ratio > 1 / gradient_factor(0.9, 240) > 1e10
    assert rnn_ratio > 1e8 * attention_ratio


def test_depth_without_residuals_vanishes():
    depths = (1, 4, 8, 16, 24)
    with_residual = gf.deep_stack_gradients(depths, residual=True)["norms"]
    without = gf.deep_stack_gradients(depths, residual=False)["norms"]
    assert without[-1] < 1e-20 * with_residual[-1]  # data: ~1e-31 vs ~5
    assert all(a > b for a, b in zip(without, without[1:]))
    assert min(with_residual) > 0.5
    with_norm_only = gf.deep_stack_gradients((24,), residual=False, layer_norm=True)["norms"][0]
    assert with_norm_only > 1e10 * without[-1]


def test_everything_is_deterministic_plain_python_and_leaves_the_global_rng_alone():
    state = torch.get_rng_state()
    calls = [
        lambda: gf.gradient_norms_vs_distance(T=10, spectral_radii=(0.5,)),
        lambda: gf.lstm_vs_rnn_gradients(T_values=(3,), seeds=(0,)),
        lambda: gf.attention_gradient_vs_distance(T_values=(4,), seeds=(0,)),
        lambda: gf.deep_stack_gradients((2,), residual=False, seeds=(0,)),
    ]
    for call in calls:
        first, second = call(), call()
        assert first == second
        values = first["norms"] if "norms" in first else first["rnn"] + first["lstm"]
        if isinstance(values, dict):
            values = [v for row in values.values() for v in row]
        assert all(type(v) is float and math.isfinite(v) for v in values)
    assert torch.equal(torch.get_rng_state(), state)


def test_float32_agrees_with_float64_where_nothing_underflows():
    f64 = gf.gradient_norms_vs_distance(T=30, spectral_radii=(0.9,))["norms"][0.9]
    f32 = gf.gradient_norms_vs_distance(T=30, spectral_radii=(0.9,), dtype=torch.float32)["norms"][0.9]
    assert f32 == pytest.approx(f64, rel=1e-4)
    a64 = gf.attention_gradient_vs_distance((8,), seeds=(0,))["norms"]
    a32 = gf.attention_gradient_vs_distance((8,), seeds=(0,), dtype=torch.float32)["norms"]
    assert a32 == pytest.approx(a64, rel=1e-4)


def test_rejects_unknown_options():
    with pytest.raises(ValueError):
        gf.gradient_norms_vs_distance(T=5, spectral_radii=(0.5,), nonlinearity="relu")
    with pytest.raises(ValueError):
        gf.gradient_norms_vs_distance(T=5, spectral_radii=(0.5,), init="uniform")
