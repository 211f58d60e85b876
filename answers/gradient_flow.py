"""How much gradient reaches far-away inputs: RNN vs LSTM vs attention, and depth.

Data for figures and for two claims the interview notes make, "an RNN's
effective memory is usually 5-10 words" and "a transformer has no
vanishing-gradient problem". Every function is seeded, runs on CPU in well
under 2 s at its defaults and returns plain Python lists/dicts of floats.

One step back through h_t = phi(W_hh h_{t-1} + W_xh x_t + b) multiplies the
gradient (a row vector) by the Jacobian diag(phi'(a_t)) W_hh, so after k steps

    dL/dh_{T-k} = dL/dh_T  diag(phi'_T) W_hh  diag(phi'_{T-1}) W_hh ... (k factors).

For a linear RNN with W_hh = rho * Q, Q orthogonal, every factor scales the
norm by exactly rho: ||dL/dh_{T-k}|| = rho^k ||dL/dh_T|| (0.9^50 = 0.005,
1.1^50 = 117, `answers.closed_form.gradient_factor`). tanh' <= 1 scales every
coordinate down, which usually speeds the decay (saturated units pass almost
nothing); for a general W_hh the spectral radius rho sets the linear rate
asymptotically, after transients. Averages over seeds are geometric (the mean of log10), since
the values span many orders of magnitude.
"""

from __future__ import annotations

import math

import torch
from torch import nn

_DEFAULT_DTYPE = torch.float64  # rho^k underflows float32 (1e-45) within a few hundred steps


def scale_to_spectral_radius(W: torch.Tensor, rho: float) -> torch.Tensor:
    """Return W * rho / max|eig(W)|, a matrix whose spectral radius is rho.

    `scale_to_spectral_radius(torch.tensor([[2., 0.], [0., -4.]]), 0.5)`
    -> [[0.25, 0], [0, -0.5]].
    """
    radius = torch.linalg.eigvals(W).abs().max()  # ()
    if radius == 0:
        raise ValueError("W is nilpotent (all eigenvalues are 0); it cannot be rescaled")
    return W * (rho / radius).to(W.dtype)  # (h, h)


def _geometric_mean(values: list[float]) -> float:
    """10 ** mean(log10(values)); 0.0 if any value underflowed to 0."""
    return 10 ** (sum(math.log10(v) for v in values) / len(values)) if min(values) > 0 else 0.0


def _random_unit(shape, generator: torch.Generator) -> torch.Tensor:
    u = torch.randn(shape, generator=generator, dtype=torch.float64)  # shape
    return u / u.norm()


def _recurrent_matrix(h: int, rho: float, init: str, generator: torch.Generator) -> torch.Tensor:
    W = torch.randn(h, h, generator=generator, dtype=torch.float64) / math.sqrt(h)  # (h, h)
    if init == "orthogonal":
        Q, R = torch.linalg.qr(W)  # (h, h), (h, h)
        W = Q * torch.sign(torch.diagonal(R))  # (h, h) a uniformly random orthogonal matrix
    elif init != "gaussian":
        raise ValueError(f"init must be 'gaussian' or 'orthogonal', got {init!r}")
    return scale_to_spectral_radius(W, rho)  # (h, h)


def _activation(nonlinearity: str):
    if nonlinearity == "tanh":
        return torch.tanh
    if nonlinearity == "linear":
        return lambda a: a
    raise ValueError(f"nonlinearity must be 'tanh' or 'linear', got {nonlinearity!r}")


def simple_rnn_states(x: torch.Tensor, W_xh: torch.Tensor, W_hh: torch.Tensor,
                      nonlinearity: str = "tanh") -> torch.Tensor:
    """States H [B, T, h] of h_t = phi(x_t W_xh^T + h_{t-1} W_hh^T), h_0 = 0, no bias."""
    phi = _activation(nonlinearity)
    B, T, _ = x.shape
    h_t = x.new_zeros(B, W_hh.shape[0])  # (B, h)
    states = []
    for t in range(T):
        h_t = phi(x[:, t] @ W_xh.T + h_t @ W_hh.T)  # (B, h)
        states.append(h_t)
    return torch.stack(states, dim=1)  # (B, T, h)


def hidden_state_gradients(H: torch.Tensor, W_hh: torch.Tensor, g_T: torch.Tensor,
                           nonlinearity: str = "tanh") -> torch.Tensor:
    """BPTT for a loss that reads only the last state: L = sum_b g_T[b] . h_T[b].

    H [B, T, h] are the forward states, g_T [B, h] = dL/dh_T. Returns
    G [B, T, h] with G[:, t] = dL/dh_t, from G[:, t-1] = (G[:, t] * phi'(a_t)) W_hh,
    where phi'(a_t) = 1 - h_t^2 for tanh and 1 for the linear RNN.
    """
    B, T, h = H.shape
    G = torch.empty_like(H)  # (B, T, h)
    G[:, T - 1] = g_T
    for t in range(T - 1, 0, -1):
        slope = 1 - H[:, t] ** 2 if nonlinearity == "tanh" else torch.ones_like(H[:, t])  # (B, h)
        G[:, t - 1] = (G[:, t] * slope) @ W_hh  # (B, h)
    return G


def gradient_norms_vs_distance(T: int = 100, h: int = 64, spectral_radii=(0.5, 0.9, 1.0, 1.5),
                               seed: int = 0, d: int = 16, batch: int = 8, input_scale: float = 0.1,
                               nonlinearity: str = "tanh", init: str = "gaussian",
                               device=None, dtype=_DEFAULT_DTYPE) -> dict:
    """||dL/dh_{T-k}|| for k = 0..T-1 when L depends on h_T only, one curve per rho.

    For each rho: W_hh = a random (Gaussian or orthogonal) h x h matrix scaled
    to spectral radius rho; inputs x ~ N(0, 1) [batch, T, d] through a small
    W_xh whose output has std ~ input_scale (large input_scale drives tanh into
    saturation); dL/dh_T is a random unit vector per sequence, so norms start
    at 1 and norms[k] is the gain over k steps, averaged over the batch.
    The same seed gives the same base matrix for every rho.

    Returns {"distance": [0, 1, ..., T-1], "norms": {rho: [float] * T}}.
    A linear RNN with an orthogonal W_hh gives norms[k] = rho^k exactly.
    """
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, T, d, generator=gen, dtype=torch.float64)  # (B, T, d)
    W_xh = torch.randn(h, d, generator=gen, dtype=torch.float64) * (input_scale / math.sqrt(d))  # (h, d)
    g_T = torch.randn(batch, h, generator=gen, dtype=torch.float64)  # (B, h)
    g_T = g_T / g_T.norm(dim=-1, keepdim=True)  # (B, h) unit rows
    base_state = gen.get_state()
    to = {"device": device, "dtype": dtype}
    norms = {}
    for rho in spectral_radii:
        gen.set_state(base_state)  # the same base matrix for every rho
        W_hh = _recurrent_matrix(h, rho, init, gen)  # (h, h)
        with torch.no_grad():
            H = simple_rnn_states(x.to(**to), W_xh.to(**to), W_hh.to(**to), nonlinearity)  # (B, T, h)
            G = hidden_state_gradients(H, W_hh.to(**to), g_T.to(**to), nonlinearity)  # (B, T, h)
        per_step = G.norm(dim=-1).mean(dim=0)  # (T,) mean over the batch
        norms[rho] = per_step.flip(0).tolist()  # index k = distance T-1-t back from the end
    return {"distance": list(range(T)), "norms": norms}


def effective_memory(rho: float, threshold: float = 1e-2, T: int = 200, h: int = 64, seed: int = 0,
                     input_scale: float = 0.1, nonlinearity: str = "tanh", init: str = "gaussian",
                     device=None, dtype=_DEFAULT_DTYPE) -> int | None:
    """The first distance k at which ||dL/dh_{T-k}|| < threshold * ||dL/dh_T||.

    None when the gradient never falls that far within T steps (rho >= 1, say).
    For the linear, orthogonal case it is ceil(log(threshold) / log(rho)):
    with threshold 1e-2, rho = 0.5 gives 7 and rho = 0.9 gives 44; 5 to 10
    steps needs rho between about 0.32 and 0.63. With tanh it grows with rho
    and shrinks as larger inputs push tanh into saturation: at the defaults
    rho = 0.9 gives 27, and 8 with input_scale=1.0. So "5-10 words" is one
    setting (small rho or saturated units), not a property of RNNs.
    """
    data = gradient_norms_vs_distance(T, h, (rho,), seed=seed, input_scale=input_scale,
                                      nonlinearity=nonlinearity, init=init, device=device, dtype=dtype)
    norms = data["norms"][rho]
    for k, norm in enumerate(norms):
        if norm < threshold * norms[0]:
            return k
    return None


def _lstm_rnn_input_gradient(cls, T: int, seed: int, input_size: int, hidden_size: int,
                             forget_bias: float | None, device, dtype) -> float:
    with torch.random.fork_rng(devices=[]):  # modules draw their init from the global RNG
        torch.manual_seed(seed)
        module = cls(input_size, hidden_size, batch_first=True).to(torch.float64)
        x = torch.randn(1, T, input_size, dtype=torch.float64)  # (1, T, d)
        u = _random_unit(hidden_size, None)  # (h,)
    if forget_bias is not None and cls is nn.LSTM:
        with torch.no_grad():  # gate order i, f, g, o; the two biases are summed
            module.bias_ih_l0[hidden_size:2 * hidden_size] = forget_bias
            module.bias_hh_l0[hidden_size:2 * hidden_size] = 0.0
    module = module.to(device=device, dtype=dtype)
    x = x.to(device=device, dtype=dtype).requires_grad_(True)  # (1, T, d)
    out, _ = module(x)  # (1, T, h)
    loss = (out[0, -1] * u.to(device=device, dtype=dtype)).sum()  # () a function of the last output
    (dx,) = torch.autograd.grad(loss, x)  # (1, T, d)
    return dx[0, 0].norm().item()


def lstm_vs_rnn_gradients(T_values=(1, 2, 5, 10, 20, 50, 100, 200), hidden_size: int = 64,
                          input_size: int = 32, seeds=(0, 1, 2), forget_bias: float | None = None,
                          device=None, dtype=_DEFAULT_DTYPE) -> dict:
    """||dL/dx_1|| against T for `nn.RNN` (tanh) and `nn.LSTM` of the same width.

    L = u . y_T for a random unit u (a function of the last output only), torch's
    default init, geometric mean over seeds. Returns
    {"T": [...], "rnn": [...], "lstm": [...]}.

    Both vanish at the default init: its forget gate starts near sigmoid(0) = 0.5,
    so the cell path also decays geometrically, only more slowly than the tanh
    RNN's (whose W_hh has spectral radius ~ 1/sqrt(3) at this init). At the
    defaults the LSTM is behind for T <= 5, about even at T = 10 and then
    ahead by a factor that grows geometrically (~1e19 at T = 200).
    `forget_bias=1.0` (Jozefowicz et al., 2015) sets the forget gate's bias
    and keeps much more (another ~1e26 at T = 200).
    """
    rnn, lstm = [], []
    for T in T_values:
        rnn.append(_geometric_mean([_lstm_rnn_input_gradient(nn.RNN, T, s, input_size, hidden_size,
                                                             None, device, dtype) for s in seeds]))
        lstm.append(_geometric_mean([_lstm_rnn_input_gradient(nn.LSTM, T, s, input_size, hidden_size,
                                                              forget_bias, device, dtype) for s in seeds]))
    return {"T": list(T_values), "rnn": rnn, "lstm": lstm}


class CausalSelfAttention(nn.Module):
    """One head of causal self-attention, written out (FlopCounterMode sees every product).

    Returns the output [B, T, d_model] and the attention weights [B, T, T].
    """

    def __init__(self, d_model: int):
        super().__init__()
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        B, T, d_model = x.shape
        q = self.q_proj(x)  # (B, T, d_model)
        k = self.k_proj(x)  # (B, T, d_model)
        v = self.v_proj(x)  # (B, T, d_model)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d_model)  # (B, T, T)
        may_attend = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()  # (T, T) True = attend
        scores = scores.masked_fill(~may_attend, float("-inf"))  # (B, T, T)
        weights = torch.softmax(scores, dim=-1)  # (B, T, T)
        return self.out_proj(weights @ v), weights  # (B, T, d_model), (B, T, T)


def attention_gradient_vs_distance(T_values=(4, 16, 64, 256, 1024), d_model: int = 64, seeds=(0, 1, 2),
                                   device=None, dtype=_DEFAULT_DTYPE) -> dict:
    """||dL/dx_1|| against T for one causal attention layer, L = u . y_T (last position).

    x_1 reaches y_T in one hop, through the weight a_{T,1} on its key and value,
    so the gradient is proportional to a_{T,1} ~ 1/T for near-uniform weights:
    it shrinks like 1/T, not like rho^T. Returns {"T": [...], "norms": [...],
    "weight_on_first": [...]} (a_{T,1}), geometric means over seeds.
    """
    norms, weights_on_first = [], []
    for T in T_values:
        per_seed_norm, per_seed_weight = [], []
        for seed in seeds:
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(seed)
                layer = CausalSelfAttention(d_model).to(torch.float64)
                x = torch.randn(1, T, d_model, dtype=torch.float64)  # (1, T, d_model)
                u = _random_unit(d_model, None)  # (d_model,)
            layer = layer.to(device=device, dtype=dtype)
            x = x.to(device=device, dtype=dtype).requires_grad_(True)  # (1, T, d_model)
            y, weights = layer(x)  # (1, T, d_model), (1, T, T)
            loss = (y[0, -1] * u.to(device=device, dtype=dtype)).sum()  # ()
            (dx,) = torch.autograd.grad(loss, x)  # (1, T, d_model)
            per_seed_norm.append(dx[0, 0].norm().item())
            per_seed_weight.append(weights[0, -1, 0].item())
        norms.append(_geometric_mean(per_seed_norm))
        weights_on_first.append(_geometric_mean(per_seed_weight))
    return {"T": list(T_values), "norms": norms, "weight_on_first": weights_on_first}


class Block(nn.Module):
    """Attention + MLP, with or without residual connections and pre-LayerNorm."""

    def __init__(self, d_model: int, residual: bool, layer_norm: bool):
        super().__init__()
        self.residual = residual
        self.attn = CausalSelfAttention(d_model)
        self.mlp = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model))
        self.ln_1 = nn.LayerNorm(d_model) if layer_norm else nn.Identity()
        self.ln_2 = nn.LayerNorm(d_model) if layer_norm else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a, _ = self.attn(self.ln_1(x))  # (B, T, d_model)
        x = x + a if self.residual else a  # (B, T, d_model)
        m = self.mlp(self.ln_2(x))  # (B, T, d_model)
        return x + m if self.residual else m  # (B, T, d_model)


def deep_stack_gradients(depth_values=(1, 2, 4, 8, 16, 24), residual: bool = True, layer_norm: bool = False,
                         d_model: int = 64, T: int = 16, seeds=(0, 1, 2), device=None,
                         dtype=_DEFAULT_DTYPE) -> dict:
    """||dL/dx|| at the input of `depth` attention+MLP blocks, L = <u, output>, ||u|| = 1.

    Attention removes the distance problem, not the depth problem: with torch's
    default init each linear layer shrinks the signal (weights of std
    1/sqrt(3 fan_in)) and attention averages over positions, so without
    residual connections the input gradient falls geometrically with depth;
    the identity path of `x + f(x)` keeps it O(1) (at the defaults: ~1e-31 vs
    ~5 at depth 24). Pre-LayerNorm alone (`layer_norm=True, residual=False`)
    also stops the collapse here (~0.1). Each depth uses the first
    `depth` blocks of one seeded stack. Returns {"depth": [...], "norms": [...]},
    geometric means over seeds.
    """
    per_seed = []
    for seed in seeds:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            blocks = nn.ModuleList(Block(d_model, residual, layer_norm) for _ in range(max(depth_values)))
            x0 = torch.randn(1, T, d_model, dtype=torch.float64)  # (1, T, d_model)
            u = _random_unit((1, T, d_model), None)  # (1, T, d_model)
        blocks = blocks.to(device=device, dtype=dtype)
        u = u.to(device=device, dtype=dtype)  # (1, T, d_model)
        row = []
        for depth in depth_values:
            x = x0.to(device=device, dtype=dtype).requires_grad_(True)  # (1, T, d_model)
            y = x
            for block in blocks[:depth]:
                y = block(y)  # (1, T, d_model)
            (dx,) = torch.autograd.grad((y * u).sum(), x)  # (1, T, d_model)
            row.append(dx.norm().item())
        per_seed.append(row)
    norms = [_geometric_mean([row[i] for row in per_seed]) for i in range(len(depth_values))]
    return {"depth": list(depth_values), "norms": norms}
