"""LSTM and GRU cells from scratch, one step each, in torch's weight layout.

The weights are those of `nn.LSTMCell` / `nn.GRUCell`: the gates' rows are
stacked in one matrix, so copying a torch module in is mechanical
(`tests/answers/test_cells.py` does it and pins the gate order):

    LSTM: W_ih [4h, d], W_hh [4h, h], b_ih [4h], b_hh [4h]; row blocks i, f, g, o
    GRU:  W_ih [3h, d], W_hh [3h, h], b_ih [3h], b_hh [3h]; row blocks r, z, n

LSTM (Hochreiter & Schmidhuber, 1997, with the forget gate of Gers et al., 2000):

    i = sigmoid(x W_ii^T + b_ii + h W_hi^T + b_hi)      input gate
    f = sigmoid(x W_if^T + b_if + h W_hf^T + b_hf)      forget gate
    g = tanh(x W_ig^T + b_ig + h W_hg^T + b_hg)         candidate
    o = sigmoid(x W_io^T + b_io + h W_ho^T + b_ho)      output gate
    c' = f * c + i * g,   h' = o * tanh(c')

The cell path is additive: dc'/dc = diag(f), no weight matrix and no tanh
derivative in between, which is why the gradient survives many steps when f is
near 1 (hence the habit of initialising b_f to 1).

GRU (Cho et al., 2014), as torch computes it:

    r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)      reset gate
    z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)      update gate
    n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))   candidate
    h' = (1 - z) * n + z * h

Note where the reset gate acts: on the already projected state h W_hn^T + b_hn
(bias included), not on h before the product as in the paper's equations. The
two differ; torch (and cuDNN) use this form because the three recurrent
products then fuse into one matrix multiplication.

Tiny example (d = h = 1, every weight 0, so only the biases act):
    LSTM with biases (i, f, g, o) = (0, 0, 0, 0) in b_ih, c = 1:
        i = f = o = 0.5, g = 0 -> c' = 0.5, h' = 0.5 * tanh(0.5) = 0.2311
"""

from __future__ import annotations

import torch


def lstm_cell(x_t: torch.Tensor, h_prev: torch.Tensor, c_prev: torch.Tensor,
              W_ih: torch.Tensor, W_hh: torch.Tensor, b_ih: torch.Tensor,
              b_hh: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """One LSTM step: x_t [B, d], h_prev [B, h], c_prev [B, h] -> (h_t [B, h], c_t [B, h])."""
    gates = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh  # (B, 4h) pre-activations
    i, f, g, o = gates.chunk(4, dim=-1)  # 4 x (B, h), torch's order
    i, f, o = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o)  # (B, h) each, in (0, 1)
    g = torch.tanh(g)  # (B, h) candidate, in (-1, 1)
    c_t = f * c_prev + i * g  # (B, h) additive cell path
    h_t = o * torch.tanh(c_t)  # (B, h)
    return h_t, c_t


def gru_cell(x_t: torch.Tensor, h_prev: torch.Tensor, W_ih: torch.Tensor, W_hh: torch.Tensor,
             b_ih: torch.Tensor, b_hh: torch.Tensor) -> torch.Tensor:
    """One GRU step: x_t [B, d], h_prev [B, h] -> h_t [B, h]."""
    x_r, x_z, x_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=-1)  # 3 x (B, h) input parts
    h_r, h_z, h_n = (h_prev @ W_hh.T + b_hh).chunk(3, dim=-1)  # 3 x (B, h) recurrent parts
    r = torch.sigmoid(x_r + h_r)  # (B, h) reset gate
    z = torch.sigmoid(x_z + h_z)  # (B, h) update gate
    n = torch.tanh(x_n + r * h_n)  # (B, h) candidate; r scales W_hn h + b_hn
    return (1 - z) * n + z * h_prev  # (B, h) z = 1 keeps the old state
