"""A vanilla (Elman) RNN from scratch, batch-first, and the language model built on it.

    h_t = tanh(x_t W_xh^T + h_{t-1} W_hh^T + b_h)        (one step, a row per sequence)
    y_t = h_t W_hy^T + b_y                                (the head, logits over the vocabulary)

The weights have the shapes of `torch.nn.RNN` (W_xh [h, d], W_hh [h, h]), so
copying them in is mechanical; `tests/answers/test_rnn.py` checks the loop
against `nn.RNN` and the two gradient clippers against `torch.nn.utils`.

Tiny example (d = h = 1, W_xh = W_hh = 1, b_h = 0, h0 = 0):
    x = [1, 1] -> h_1 = tanh(1) = 0.7616, h_2 = tanh(1 + 0.7616) = 0.9427
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch
from torch import nn


def rnn_cell(x_t: torch.Tensor, h_prev: torch.Tensor, W_xh: torch.Tensor, W_hh: torch.Tensor,
             b_h: torch.Tensor) -> torch.Tensor:
    """One step: x_t [B, d], h_prev [B, h] -> h_t [B, h]."""
    a_t = x_t @ W_xh.T + h_prev @ W_hh.T + b_h  # (B, h) pre-activation
    return torch.tanh(a_t)  # (B, h)


def rnn_forward(x: torch.Tensor, h0: torch.Tensor, W_xh: torch.Tensor, W_hh: torch.Tensor,
                b_h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Run the cell over time: x [B, T, d], h0 [B, h] -> (H [B, T, h], h_T [B, h]).

    H[:, t] is the state after reading x[:, t]; h_T = H[:, -1] (h0 when T = 0).
    The loop is sequential on purpose: step t needs h_{t-1}, which is why an
    RNN cannot be parallelised over time the way attention can.
    """
    B, T, _ = x.shape
    h_t = h0  # (B, h)
    states = []
    for t in range(T):
        h_t = rnn_cell(x[:, t], h_t, W_xh, W_hh, b_h)  # (B, h)
        states.append(h_t)
    if not states:
        return h0.new_zeros(B, 0, h0.shape[-1]), h0  # (B, 0, h), (B, h)
    H = torch.stack(states, dim=1)  # (B, T, h)
    return H, h_t


class RNNLanguageModel(nn.Module):
    """Embedding -> tanh RNN -> linear head: ids [B, T] -> logits [B, T, V].

    Parameters, named after the equations above:
    `embedding.weight` [V, d], `W_xh` [h, d], `W_hh` [h, h], `b_h` [h],
    `head.weight` = W_hy [V, h], `head.bias` = b_y [V]. In total
    V*d + h*d + h*h + h + V*h + V, which is `answers.complexity.rnn_lm_param_count`.
    """

    def __init__(self, vocab_size: int, d: int, h: int, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.embedding = nn.Embedding(vocab_size, d, **factory)
        self.W_xh = nn.Parameter(torch.empty(h, d, **factory))
        self.W_hh = nn.Parameter(torch.empty(h, h, **factory))
        self.b_h = nn.Parameter(torch.empty(h, **factory))
        self.head = nn.Linear(h, vocab_size, **factory)  # W_hy [V, h], b_y [V]
        self.reset_recurrent_parameters()

    def reset_recurrent_parameters(self) -> None:
        """Uniform(-1/sqrt(h), 1/sqrt(h)), the init `nn.RNN` uses."""
        bound = 1 / math.sqrt(self.W_hh.shape[0])
        for p in (self.W_xh, self.W_hh, self.b_h):
            nn.init.uniform_(p, -bound, bound)

    def forward(self, ids: torch.Tensor, h0: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        B, T = ids.shape
        x = self.embedding(ids)  # (B, T, d)
        if h0 is None:
            h0 = x.new_zeros(B, self.W_hh.shape[0])  # (B, h)
        H, h_T = rnn_forward(x, h0, self.W_xh, self.W_hh, self.b_h)  # (B, T, h), (B, h)
        logits = self.head(H)  # (B, T, V)
        return logits, h_T

    @torch.no_grad()
    def load_from_torch_rnn(self, rnn: nn.RNN) -> "RNNLanguageModel":
        """Copy the recurrent weights of a one-layer, unidirectional tanh `nn.RNN`.

        `nn.RNN` keeps two biases, b_ih and b_hh, that are always added together
        (cuDNN's layout); this model keeps their sum, b_h = b_ih + b_hh. So the
        two compute the same function while `nn.RNN` has h more parameters.
        """
        if rnn.num_layers != 1 or rnn.bidirectional or rnn.nonlinearity != "tanh":
            raise ValueError("need a one-layer, unidirectional nn.RNN with nonlinearity='tanh'")
        if rnn.weight_ih_l0.shape != self.W_xh.shape or rnn.weight_hh_l0.shape != self.W_hh.shape:
            raise ValueError(f"shape mismatch: nn.RNN has W_ih {tuple(rnn.weight_ih_l0.shape)}, "
                             f"this model W_xh {tuple(self.W_xh.shape)}")
        self.W_xh.copy_(rnn.weight_ih_l0)
        self.W_hh.copy_(rnn.weight_hh_l0)
        if rnn.bias:
            self.b_h.copy_(rnn.bias_ih_l0 + rnn.bias_hh_l0)
        else:
            self.b_h.zero_()
        return self

    @classmethod
    def from_torch(cls, embedding: nn.Embedding, rnn: nn.RNN, head: nn.Linear) -> "RNNLanguageModel":
        """A model with the weights of torch's three modules (embedding, RNN, head)."""
        model = cls(embedding.num_embeddings, embedding.embedding_dim, rnn.hidden_size,
                    device=embedding.weight.device, dtype=embedding.weight.dtype)
        with torch.no_grad():
            model.embedding.weight.copy_(embedding.weight)
            model.head.weight.copy_(head.weight)
            if head.bias is not None:
                model.head.bias.copy_(head.bias)
            else:
                model.head.bias.zero_()
        return model.load_from_torch_rnn(rnn)


def _grads(parameters: torch.Tensor | Iterable[torch.Tensor]) -> list[torch.Tensor]:
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


@torch.no_grad()
def clip_grad_norm_(parameters: torch.Tensor | Iterable[torch.Tensor], max_norm: float,
                    norm_type: float = 2.0, eps: float = 1e-6) -> torch.Tensor:
    """Rescale all gradients together so that their joint norm is at most max_norm.

    total = || (||g_1||, ||g_2||, ...) ||, the norm of all gradients as one vector;
    if total > max_norm every g_i is multiplied by max_norm / (total + eps)
    (torch's eps), so the direction of the update is kept. Returns total,
    measured before clipping. Example: grads [3] and [4] -> total 5; with
    max_norm = 1 they become [0.6, 0.8] (up to eps).
    """
    grads = _grads(parameters)
    if not grads:
        return torch.tensor(0.0)
    norms = torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads])  # (n_params,)
    total_norm = torch.linalg.vector_norm(norms, norm_type)  # ()
    clip_coef = max_norm / (total_norm + eps)  # ()
    if clip_coef < 1:
        for g in grads:
            g.mul_(clip_coef.to(g.dtype))
    return total_norm


@torch.no_grad()
def clip_grad_value_(parameters: torch.Tensor | Iterable[torch.Tensor], clip_value: float) -> None:
    """Clamp every gradient entry to [-clip_value, clip_value], in place.

    Unlike norm clipping it changes the direction: [3, 0.5] with clip 1 -> [1, 0.5].
    """
    for g in _grads(parameters):
        g.clamp_(min=-clip_value, max=clip_value)
