"""answers.cells against torch: nn.LSTMCell / nn.GRUCell with copied weights, nn.LSTM / nn.GRU over
time, gradients, and the conventions a statement must pin (gate order, where the GRU's reset gate acts)."""

import math

import pytest
import torch
from torch import nn

from answers.cells import gru_cell, lstm_cell

TOL = {torch.float32: {"atol": 1e-6, "rtol": 1e-5}, torch.float64: {"atol": 1e-12, "rtol": 1e-10}}
SIZES = [(1, 3, 4), (2, 5, 3), (4, 7, 7), (3, 16, 9)]  # (B, d, h)
DTYPES = [torch.float32, torch.float64]


def lstm_weights(cell):
    return cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("B,d,h", SIZES)
def test_lstm_cell_matches_torch(B, d, h, seed, dtype):
    torch.manual_seed(seed)
    cell = nn.LSTMCell(d, h, dtype=dtype)
    x, h0, c0 = torch.randn(B, d, dtype=dtype), torch.randn(B, h, dtype=dtype), torch.randn(B, h, dtype=dtype)
    with torch.no_grad():
        h_ref, c_ref = cell(x, (h0, c0))
        h1, c1 = lstm_cell(x, h0, c0, *lstm_weights(cell))
    torch.testing.assert_close(h1, h_ref, **TOL[dtype])
    torch.testing.assert_close(c1, c_ref, **TOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("B,d,h", SIZES)
def test_gru_cell_matches_torch(B, d, h, seed, dtype):
    torch.manual_seed(seed)
    cell = nn.GRUCell(d, h, dtype=dtype)
    x, h0 = torch.randn(B, d, dtype=dtype), torch.randn(B, h, dtype=dtype)
    with torch.no_grad():
        expected = cell(x, h0)
        got = gru_cell(x, h0, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    torch.testing.assert_close(got, expected, **TOL[dtype])


def test_lstm_cell_gradients_match_torch():
    torch.manual_seed(5)
    cell = nn.LSTMCell(5, 3, dtype=torch.float64)
    x, h0, c0 = (torch.randn(2, n, dtype=torch.float64, requires_grad=True) for n in (5, 3, 3))
    gh, gc = torch.randn(2, 3, dtype=torch.float64), torch.randn(2, 3, dtype=torch.float64)
    h_ref, c_ref = cell(x, (h0, c0))
    ref = torch.autograd.grad((h_ref * gh).sum() + (c_ref * gc).sum(), [x, h0, c0, *lstm_weights(cell)])
    h1, c1 = lstm_cell(x, h0, c0, *lstm_weights(cell))
    got = torch.autograd.grad((h1 * gh).sum() + (c1 * gc).sum(), [x, h0, c0, *lstm_weights(cell)])
    for a, b in zip(got, ref):
        torch.testing.assert_close(a, b, atol=1e-12, rtol=1e-10)


def test_gru_cell_gradients_match_torch():
    torch.manual_seed(6)
    cell = nn.GRUCell(4, 6, dtype=torch.float64)
    x, h0 = torch.randn(3, 4, dtype=torch.float64, requires_grad=True), torch.randn(3, 6, dtype=torch.float64,
                                                                                      requires_grad=True)
    seed = torch.randn(3, 6, dtype=torch.float64)
    params = [cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh]
    ref = torch.autograd.grad((cell(x, h0) * seed).sum(), [x, h0, *params])
    got = torch.autograd.grad((gru_cell(x, h0, *params) * seed).sum(), [x, h0, *params])
    for a, b in zip(got, ref):
        torch.testing.assert_close(a, b, atol=1e-12, rtol=1e-10)


@pytest.mark.parametrize("module", ["lstm", "gru"])
def test_cells_unrolled_over_time_match_the_sequence_modules(module):
    torch.manual_seed(7)
    B, T, d, h = 2, 9, 5, 4
    x = torch.randn(B, T, d, dtype=torch.float64)
    if module == "lstm":
        rnn = nn.LSTM(d, h, batch_first=True, dtype=torch.float64)
        weights = (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0)
        state = (torch.zeros(B, h, dtype=torch.float64), torch.zeros(B, h, dtype=torch.float64))
        outs = []
        with torch.no_grad():
            for t in range(T):
                state = lstm_cell(x[:, t], *state, *weights)
                outs.append(state[0])
            expected, _ = rnn(x)
    else:
        rnn = nn.GRU(d, h, batch_first=True, dtype=torch.float64)
        weights = (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0)
        state, outs = torch.zeros(B, h, dtype=torch.float64), []
        with torch.no_grad():
            for t in range(T):
                state = gru_cell(x[:, t], state, *weights)
                outs.append(state)
            expected, _ = rnn(x)
    torch.testing.assert_close(torch.stack(outs, dim=1), expected, atol=1e-12, rtol=1e-10)


def sigmoid(v):
    return 1 / (1 + math.exp(-v))


def test_lstm_gate_order_is_i_f_g_o():
    """Weights zero, distinct biases per block: only a hand computation with torch's order i, f, g, o fits."""
    b_i, b_f, b_g, b_o = 0.3, -1.2, 0.8, 2.0
    c_prev = 1.5
    cell = nn.LSTMCell(1, 1, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.zero_()
        cell.weight_hh.zero_()
        cell.bias_ih.copy_(torch.tensor([b_i, b_f, b_g, b_o], dtype=torch.float64))
        cell.bias_hh.zero_()
    x, h0, c0 = torch.zeros(1, 1, dtype=torch.float64), torch.zeros(1, 1, dtype=torch.float64), \
        torch.full((1, 1), c_prev, dtype=torch.float64)
    c_hand = sigmoid(b_f) * c_prev + sigmoid(b_i) * math.tanh(b_g)
    h_hand = sigmoid(b_o) * math.tanh(c_hand)
    with torch.no_grad():
        h_torch, c_torch = cell(x, (h0, c0))
        h_ours, c_ours = lstm_cell(x, h0, c0, *lstm_weights(cell))
    for h_, c_ in ((h_torch, c_torch), (h_ours, c_ours)):
        assert c_.item() == pytest.approx(c_hand, abs=1e-14)
        assert h_.item() == pytest.approx(h_hand, abs=1e-14)


def test_lstm_docstring_example():
    zeros = torch.zeros(1, 1, dtype=torch.float64)
    h1, c1 = lstm_cell(zeros, zeros, torch.ones(1, 1, dtype=torch.float64), torch.zeros(4, 1, dtype=torch.float64),
                       torch.zeros(4, 1, dtype=torch.float64), torch.zeros(4, dtype=torch.float64),
                       torch.zeros(4, dtype=torch.float64))
    assert c1.item() == 0.5
    assert h1.item() == pytest.approx(0.5 * math.tanh(0.5)) and round(h1.item(), 4) == 0.2311


def test_gru_gate_order_and_reset_after_the_product():
    """d = h = 1, by hand: torch's order r, z, n, and r multiplies (W_hn h + b_hn), bias included."""
    x_val, h_val = 0.7, -0.4
    w_ih = [0.5, -0.3, 1.1]   # r, z, n
    w_hh = [0.9, 0.4, -1.3]
    b_ih = [0.1, 0.2, -0.2]
    b_hh = [-0.3, 0.5, 0.6]
    r = sigmoid(w_ih[0] * x_val + b_ih[0] + w_hh[0] * h_val + b_hh[0])
    z = sigmoid(w_ih[1] * x_val + b_ih[1] + w_hh[1] * h_val + b_hh[1])
    n = math.tanh(w_ih[2] * x_val + b_ih[2] + r * (w_hh[2] * h_val + b_hh[2]))
    h_hand = (1 - z) * n + z * h_val
    # the paper's form, r applied to h before the product, is a different function
    n_paper = math.tanh(w_ih[2] * x_val + b_ih[2] + w_hh[2] * (r * h_val) + b_hh[2])
    assert abs(((1 - z) * n_paper + z * h_val) - h_hand) > 1e-3

    cell = nn.GRUCell(1, 1, dtype=torch.float64)
    with torch.no_grad():
        for p, values in ((cell.weight_ih, w_ih), (cell.weight_hh, w_hh), (cell.bias_ih, b_ih), (cell.bias_hh, b_hh)):
            p.copy_(torch.tensor(values, dtype=torch.float64).view_as(p))
        x, h0 = torch.tensor([[x_val]], dtype=torch.float64), torch.tensor([[h_val]], dtype=torch.float64)
        assert cell(x, h0).item() == pytest.approx(h_hand, abs=1e-14)
        assert gru_cell(x, h0, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh).item() == \
            pytest.approx(h_hand, abs=1e-14)


def test_lstm_cell_path_gradient_is_the_forget_gate():
    """dc_t/dc_{t-1} = diag(f): no weight matrix on the cell path."""
    torch.manual_seed(8)
    cell = nn.LSTMCell(3, 4, dtype=torch.float64)
    x, h0 = torch.randn(1, 3, dtype=torch.float64), torch.randn(1, 4, dtype=torch.float64)
    c0 = torch.randn(1, 4, dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda c: lstm_cell(x, h0, c, *lstm_weights(cell))[1], c0)
    gates = x @ cell.weight_ih.T + cell.bias_ih + h0 @ cell.weight_hh.T + cell.bias_hh
    f = torch.sigmoid(gates[0, 4:8])
    torch.testing.assert_close(jac.reshape(4, 4), torch.diag(f).detach(), atol=1e-12, rtol=0)
