"""answers/training_cost.py against torch: FLOPs counted by FlopCounterMode over a real
forward and backward pass, bytes of the tensors mixed-precision Adam really keeps, and
the bytes autograd saves for the backward of a Megatron-style transformer layer."""

from __future__ import annotations

import datetime
import math

import pytest
import torch
import torch.nn.functional as F
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import answers.training_cost as C


def train_step_flops(model: nn.Module, batch: torch.Tensor) -> int:
    with FlopCounterMode(display=False) as counter:
        model(batch).sum().backward()
    return counter.get_total_flops()


class TinyGPT(nn.Module):
    """Bias-free, norm-free decoder: what is left are the products the 6N + 12LTd rule counts."""

    def __init__(self, V: int, d: int, L: int, heads: int):
        super().__init__()
        self.heads = heads
        self.wte = nn.Embedding(V, d, _weight=torch.zeros(V, d))  # normal_ on meta would cost seconds
        self.qkv = nn.ModuleList(nn.Linear(d, 3 * d, bias=False) for _ in range(L))
        self.proj = nn.ModuleList(nn.Linear(d, d, bias=False) for _ in range(L))
        self.fc1 = nn.ModuleList(nn.Linear(d, 4 * d, bias=False) for _ in range(L))
        self.fc2 = nn.ModuleList(nn.Linear(4 * d, d, bias=False) for _ in range(L))
        self.head = nn.Linear(d, V, bias=False)

    def forward(self, idx):
        x = self.wte(idx)  # (B, T, d)
        B, T, d = x.shape
        for qkv, proj, fc1, fc2 in zip(self.qkv, self.proj, self.fc1, self.fc2):
            q, k, v = (t.view(B, T, self.heads, d // self.heads).transpose(1, 2)
                       for t in qkv(x).split(d, -1))  # (B, nh, T, hs)
            att = (q @ k.transpose(-2, -1)).softmax(-1)  # (B, nh, T, T)
            x = x + proj((att @ v).transpose(1, 2).reshape(B, T, d))
            x = x + fc2(F.gelu(fc1(x)))
        return self.head(x)  # (B, T, V)

    def matmul_params(self) -> int:
        return sum(p.numel() for name, p in self.named_parameters() if not name.startswith("wte"))


@pytest.mark.parametrize("V,d,L,heads,B,T", [(50, 16, 2, 2, 3, 7), (11, 8, 1, 1, 1, 1), (30, 32, 3, 4, 2, 16)])
def test_train_flops_per_token_matches_counted_flops(V, d, L, heads, B, T):
    model = TinyGPT(V, d, L, heads)
    flops = train_step_flops(model, torch.randint(V, (B, T)))
    assert flops == B * T * C.train_flops_per_token(model.matmul_params(), L, T, d)


@pytest.mark.parametrize("widths", [[4, 8, 3], [16, 16], [5, 9, 2, 7]])
def test_six_flops_per_parameter_and_token(widths):
    layers = nn.Sequential(*(nn.Linear(a, b, bias=False) for a, b in zip(widths, widths[1:])))
    N = sum(p.numel() for p in layers.parameters())
    tokens = 13
    x = torch.randn(tokens, widths[0], requires_grad=True)  # as when an embedding feeds the stack
    assert train_step_flops(layers, x) == C.train_flops(N, tokens)


def test_training_days_bank_grid():
    days = bank_combos(C.training_days)
    assert days
    one_day = datetime.timedelta(days=1).total_seconds()
    for p in days:
        seconds = 6 * p["N"] * p["D"] / (p["n_gpus"] * p["peak_tflops"] * 1e12 * p["mfu"])
        assert C.training_days(**p) == pytest.approx(seconds / one_day, rel=1e-12)


def test_mfu_inverts_training_days():
    N, D, n, peak = 7e9, 2e12, 1024, 989
    days = C.training_days(N, D, n, peak, 0.4)
    tokens_per_second = D / (days * 86400)
    assert C.model_flops_utilization(N, tokens_per_second, n, peak) == pytest.approx(0.4)


def mixed_precision_adam_bytes_per_param() -> float:
    """Run one real mixed-precision Adam step and add up every tensor it keeps."""
    torch.manual_seed(0)
    master = nn.Sequential(nn.Linear(32, 64), nn.Linear(64, 8))  # fp32 master weights
    working = nn.Sequential(nn.Linear(32, 64), nn.Linear(64, 8)).to(torch.bfloat16)  # bf16 weights
    working.load_state_dict(master.state_dict())
    working(torch.randn(4, 32, dtype=torch.bfloat16)).float().pow(2).mean().backward()  # bf16 grads
    optimizer = torch.optim.Adam(master.parameters())
    for p32, p16 in zip(master.parameters(), working.parameters()):
        p32.grad = p16.grad.float()
    optimizer.step()
    for p32 in master.parameters():
        p32.grad = None  # the fp32 copy of the gradient is transient
    state = [t for s in optimizer.state.values() for t in s.values() if torch.is_tensor(t) and t.dim() > 0]
    kept = [*master.parameters(), *working.parameters(), *(p.grad for p in working.parameters()), *state]
    N = sum(p.numel() for p in master.parameters())
    return sum(t.nbytes for t in kept) / N


def test_adam_state_bytes():
    per_param = mixed_precision_adam_bytes_per_param()
    assert per_param == 16
    combos = bank_combos(C.adam_state_bytes)
    assert combos
    for p in combos:
        assert C.adam_state_bytes(**p) == p["N"] * per_param


def dropout(t: torch.Tensor, p: float) -> torch.Tensor:
    """The fused kernel GPUs run, which keeps a 1-byte boolean mask (F.dropout on the CPU
    multiplies by a mask in the input's dtype instead, 2 bytes in bf16)."""
    return torch.native_dropout(t, p, True)[0]


class MegatronLayer(nn.Module):
    """LN - attention with dropout on the weights - dropout - LN - MLP (4h, GeLU) - dropout, as
    in Korthikanti et al. (2022); (s, b, h) layout."""

    def __init__(self, h: int, a: int, p: float = 0.1):
        super().__init__()
        self.a, self.p = a, p
        self.ln1, self.ln2 = nn.LayerNorm(h), nn.LayerNorm(h)
        self.qkv, self.proj = nn.Linear(h, 3 * h), nn.Linear(h, h)
        self.fc1, self.fc2 = nn.Linear(h, 4 * h), nn.Linear(4 * h, h)

    def forward(self, x):  # (s, b, h)
        s, b, h = x.shape
        hs = h // self.a
        q, k, v = (t.reshape(s, b * self.a, hs).transpose(0, 1) for t in self.qkv(self.ln1(x)).split(h, -1))
        att = (q @ k.transpose(1, 2)) * (1 / math.sqrt(hs))  # (b*a, s, s)
        att = dropout(att.softmax(-1), self.p)
        y = (att @ v).transpose(0, 1).reshape(s, b, h)  # (s, b, h)
        x = x + dropout(self.proj(y), self.p)
        return x + dropout(self.fc2(F.gelu(self.fc1(self.ln2(x)))), self.p)


def saved_activation_bytes(s: int, b: int, h: int, a: int) -> int:
    """Bytes of the distinct storages autograd saves for one layer's backward, bf16,
    without the parameters and the per-token LayerNorm statistics (mean, rstd)."""
    torch.manual_seed(0)
    layer = MegatronLayer(h, a).to(torch.bfloat16)
    params = {p.untyped_storage().data_ptr() for p in layer.parameters()}
    saved = {}

    def pack(t):
        storage = t.untyped_storage()
        if storage.data_ptr() not in params and t.numel() != s * b:
            saved[storage.data_ptr()] = storage.nbytes()
        return t

    x = torch.randn(s, b, h, dtype=torch.bfloat16, requires_grad=True)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        layer(x)
    return sum(saved.values())


@pytest.mark.parametrize("s,b,h,a", [(8, 2, 16, 4), (16, 1, 32, 2), (5, 3, 24, 3)])
def test_layer_activation_bytes_are_what_autograd_saves(s, b, h, a):
    assert C.layer_activation_bytes(s, b, h, a) == saved_activation_bytes(s, b, h, a)


def test_activation_bytes_bank_grid():
    combos = bank_combos(C.activation_bytes)
    assert combos
    for p in combos:
        L, s, b, h, a = p["L"], p["s"], p["b"], p["h"], p["a"]
        # 34 sbh + 5 a s^2 b from the per-tensor list of Korthikanti et al., Table 2 / section 4.1
        attention = 2 * s * b * h + 4 * s * b * h + 2 * a * s * s * b + a * s * s * b + 2 * a * s * s * b \
            + 2 * s * b * h + 2 * s * b * h + s * b * h
        mlp = 2 * s * b * h + 8 * s * b * h + 8 * s * b * h + s * b * h
        one = attention + mlp + 2 * 2 * s * b * h
        layer_input = torch.empty(s, b, h, dtype=torch.bfloat16, device="meta").nbytes
        expected = L * layer_input + one if p.get("checkpoint") else L * one
        assert C.activation_bytes(**p) == expected


@pytest.mark.parametrize("call,value", docstring_examples(C))
def test_docstring_examples(call, value):
    check_example(C, call, value)


class BlocksOnly(TinyGPT):
    """TinyGPT's L blocks of 12 d^2 weights, fed with given vectors: no embedding, no head."""

    def forward(self, x):
        B, T, d = x.shape
        for qkv, proj, fc1, fc2 in zip(self.qkv, self.proj, self.fc1, self.fc2):
            q, k, v = (t.view(B, T, self.heads, d // self.heads).transpose(1, 2)
                       for t in qkv(x).split(d, -1))  # (B, nh, T, hs)
            att = (q @ k.transpose(-2, -1)).softmax(-1)  # (B, nh, T, T)
            x = x + proj((att @ v).transpose(1, 2).reshape(B, T, d))
            x = x + fc2(F.gelu(fc1(x)))
        return x


def measured_attention_share(T: int, d: int, L: int = 2, heads: int = 4) -> float:
    """bmm FLOPs (QK^T and AV, forward and backward) over all FLOPs of a training step."""
    with torch.device("meta"):
        model = BlocksOnly(1, d, L, heads)
        x = torch.empty(1, T, d, requires_grad=True)
        with FlopCounterMode(display=False) as counter:
            model(x).sum().backward()
    by_op = counter.get_flop_counts()["Global"]
    attention = sum(n for op, n in by_op.items() if "bmm" in str(op))
    return attention / counter.get_total_flops()


@pytest.mark.parametrize("T,d", [(16, 8), (64, 16), (1024, 768)])
def test_attention_share_matches_counted_bmm_flops(T, d):
    assert C.attention_flops_share(T, d) == pytest.approx(measured_attention_share(T, d), rel=1e-12)


def test_attention_share_bank_grid():
    combos = bank_combos(C.attention_flops_share)
    assert combos
    for p in combos:
        assert C.attention_flops_share(**p) == pytest.approx(measured_attention_share(p["T"], p["d_model"]), rel=1e-12)
