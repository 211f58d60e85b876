"""Parameters and MACs of LSTM and GRU layers, in closed form (pure Python).

An LSTM has four gate blocks (input i, forget f, cell candidate g, output o),
a GRU three (reset r, update z, candidate n); each block is a vanilla-RNN-sized
affine map of [x_t, h_{t-1}], so an LSTM costs 4x and a GRU 3x a vanilla RNN:

    LSTM layer: 4 (h*d_in + h^2 + biases*h)      GRU layer: 3 (h*d_in + h^2 + biases*h)

The textbook cell has one bias per gate (biases=1). torch keeps two, b_ih and
b_hh (biases=2, the default): for the LSTM they only add up, for torch's GRU
b_hn sits inside r * (W_hn h + b_hn) and is not redundant. Layer l > 0 reads
the h-sized output of the layer below (d_in = h). Checked against
`nn.LSTM`/`nn.GRU` in tests/answers/test_gated_rnn_counts.py.
"""

from __future__ import annotations

LSTM_GATES = 4  # i, f, g, o: torch's row order in weight_ih_l0
GRU_GATES = 3   # r, z, n


def _gated_param_count(gates: int, d: int, h: int, num_layers: int, biases: int) -> int:
    if biases not in (0, 1, 2):
        raise ValueError(f"biases is 0, 1 or 2 per gate, got {biases}")
    total = 0
    for layer in range(num_layers):
        d_in = d if layer == 0 else h
        total += gates * (h * d_in + h * h + biases * h)
    return total


def lstm_param_count(d: int, h: int, num_layers: int = 1, biases: int = 2) -> int:
    """`torch.nn.LSTM(d, h, num_layers)`: `lstm_param_count(300, 512) -> 1667072`;
    the textbook cell with one bias per gate: `lstm_param_count(300, 512, biases=1) -> 1665024`."""
    return _gated_param_count(LSTM_GATES, d, h, num_layers, biases)


def gru_param_count(d: int, h: int, num_layers: int = 1, biases: int = 2) -> int:
    """`torch.nn.GRU(d, h, num_layers)`: `gru_param_count(300, 512) -> 1250304`, 3/4 of the LSTM."""
    return _gated_param_count(GRU_GATES, d, h, num_layers, biases)


def lstm_forward_macs(T: int, d: int, h: int, B: int = 1) -> int:
    """MACs of one LSTM layer over T steps: 4 T B (h^2 + h d); gate nonlinearities
    and the element-wise cell update are not MACs.
    `lstm_forward_macs(50, 300, 512) -> 83148800`, four times a tanh RNN's 20787200."""
    return LSTM_GATES * T * B * (h * h + h * d)
