"""answers/gated_rnn_counts.py against torch: `numel()` of nn.LSTM / nn.GRU and FLOPs
that FlopCounterMode counts for nn.LSTM (on the meta device, where it decomposes
into matrix products; on the CPU the fused kernel counts 0)."""

from __future__ import annotations

import itertools

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import answers.gated_rnn_counts as G

SIZES = [(1, 1), (3, 5), (300, 512), (128, 256), (512, 1024), (7, 13)]


def numel(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def textbook_cell(gates: int, d: int, h: int, num_layers: int) -> list[nn.Linear]:
    """One affine map of [x_t, h_{t-1}] per layer, one bias per gate row."""
    return [nn.Linear((d if layer == 0 else h) + h, gates * h) for layer in range(num_layers)]


@pytest.mark.parametrize("d,h", SIZES)
@pytest.mark.parametrize("num_layers", [1, 2, 3])
def test_counts_match_torch_modules(d, h, num_layers):
    with torch.device("meta"):
        for bias, biases in ((True, 2), (False, 0)):
            assert G.lstm_param_count(d, h, num_layers, biases) == numel(nn.LSTM(d, h, num_layers, bias=bias))
            assert G.gru_param_count(d, h, num_layers, biases) == numel(nn.GRU(d, h, num_layers, bias=bias))
        assert G.lstm_param_count(d, h, num_layers, 1) == sum(map(numel, textbook_cell(4, d, h, num_layers)))
        assert G.gru_param_count(d, h, num_layers, 1) == sum(map(numel, textbook_cell(3, d, h, num_layers)))


def test_bank_grids_match_torch():
    lstm, gru = bank_combos(G.lstm_param_count), bank_combos(G.gru_param_count)
    assert lstm and gru
    with torch.device("meta"):
        for p in lstm:
            assert G.lstm_param_count(**p) == numel(nn.LSTM(p["d"], p["h"], p["num_layers"], bias=p["biases"] == 2))
        for p in gru:
            assert G.gru_param_count(**p) == numel(nn.GRU(p["d"], p["h"], p["num_layers"], bias=p["biases"] == 2))


def test_torch_lstm_weights_are_four_stacked_gate_blocks():
    lstm, gru = nn.LSTM(3, 5), nn.GRU(3, 5)
    assert lstm.weight_ih_l0.shape == (4 * 5, 3) and lstm.weight_hh_l0.shape == (4 * 5, 5)
    assert gru.weight_ih_l0.shape == (3 * 5, 3) and gru.bias_hh_l0.shape == (3 * 5,)


def lstm_flops(T, d, h, B):
    with torch.device("meta"):
        lstm, x = nn.LSTM(d, h, batch_first=True), torch.empty(B, T, d)
        with FlopCounterMode(display=False) as counter:
            lstm(x)
    return counter.get_total_flops()


@pytest.mark.parametrize("T,d,h,B", [(5, 7, 11, 2), (1, 1, 1, 1), (50, 300, 512, 1), (3, 64, 32, 4)])
def test_lstm_macs_match_flop_counter(T, d, h, B):
    assert 2 * G.lstm_forward_macs(T, d, h, B) == lstm_flops(T, d, h, B)


def test_lstm_macs_bank_grid():
    """The bank's d, h, B with T = 3 (the count is linear in T: checked above up to T = 50)."""
    combos = bank_combos(G.lstm_forward_macs)
    assert combos
    for p in {(p["d"], p["h"], p.get("B", 1)) for p in combos}:
        d, h, B = p
        assert 2 * G.lstm_forward_macs(3, d, h, B) == lstm_flops(3, d, h, B)


@pytest.mark.parametrize("call,value", docstring_examples(G))
def test_docstring_examples(call, value):
    check_example(G, call, value)


def test_gru_is_three_quarters_of_lstm_in_torch():
    for d, h, layers in itertools.product([10, 300], [20, 512], [1, 2]):
        assert 4 * G.gru_param_count(d, h, layers) == 3 * G.lstm_param_count(d, h, layers)
