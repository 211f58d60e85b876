"""RNN against self-attention: time and memory of one training step against T.

Four layers of equal width (d = 512, batch B = 32, float32, no mask), each
timed on a step `y = layer(x); y.backward(g)` with fixed random x, g of shape
(B, T, d) and the parameter gradients reset to None first:

    nn_rnn     torch.nn.RNN, one tanh layer (cuDNN on a GPU)
    loop_rnn   answers.rnn.rnn_forward: the Python loop over time
    attention  answers.attention.MultiHeadSelfAttention, 8 heads: the full
               (B, 8, T, T) scores and our softmax
    sdpa       the same four projections around F.scaled_dot_product_attention
               on 4-D (B, 8, T, 64) inputs, so torch picks its fused kernel

Time is the median of `seqprep.bench.measure` (3 runs, or a
`torch.utils.benchmark` block for fast steps). Peak memory is the memory one
step needs beyond its inputs and parameters: the resident-set growth in a
child process on a CPU (`seqprep.bench.rss_peaks_mb`), max_memory_allocated on
CUDA. `attention` is skipped, with the memory it would need, where its score
tensors alone would not fit in half the free memory.

The source document says transformers train "10–100× faster" than RNNs. The
summary reports speedup = nn_rnn_ms / sdpa_ms (the best of each kind) and
loop_rnn_ms / attention_ms (ours against ours) at every T, and the T where
the first reaches 10. Floating-point work per step: an RNN ~12·B·T·d², the
attention layer ~24·B·T·d² + 12·B·T²·d, so attention always does more
arithmetic; it can only win by running the T positions in parallel.

Sizes: T = 64 … 2048 on a CPU (at 4096 one SDPA step would take ~40 s there),
64 … 4096 on CUDA; quick: T <= 512 with one timed run; smoke: a toy width.
"""

from __future__ import annotations

import math
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn

from answers.attention import MultiHeadSelfAttention
from answers.rnn import rnn_forward
from seqprep import bench

METHODS = ("nn_rnn", "loop_rnn", "attention", "sdpa")
SCORES_COPIES = 7   # (B, nh, T, T) float32 tensors our attention's step holds at its peak (measured 6.3 .. 7.4)


def sizes(device: str, quick: bool, smoke: bool) -> dict:
    if smoke:
        return {"B": 2, "d": 32, "heads": 4, "Ts": [8, 16], "repeats": 1}
    if quick:
        return {"B": 32, "d": 512, "heads": 8, "Ts": [64, 128, 256, 512], "repeats": 1}
    Ts = [64, 128, 256, 512, 1024, 2048, 4096] if device == "cuda" else [64, 128, 256, 512, 1024, 2048]
    return {"B": 32, "d": 512, "heads": 8, "Ts": Ts, "repeats": 3}


class SDPASelfAttention(nn.Module):
    """MultiHeadSelfAttention's projections around torch's fused attention."""

    def __init__(self, d_model: int, num_heads: int):
        super().__init__()
        self.inner = MultiHeadSelfAttention(d_model, num_heads)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.inner
        B, T, C = x.shape
        nh, hs = a.num_heads, a.d_k
        q = a.q_proj(x).view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = a.k_proj(x).view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = a.v_proj(x).view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        y = F.scaled_dot_product_attention(q, k, v)  # (B, nh, T, hs)
        return a.out_proj(y.transpose(1, 2).reshape(B, T, C))  # (B, T, d_model)


class LoopRNN(nn.Module):
    """answers.rnn.rnn_forward with nn.RNN's initialisation; returns H (B, T, h)."""

    def __init__(self, d: int, h: int):
        super().__init__()
        bound = 1 / math.sqrt(h)
        self.W_xh = nn.Parameter(torch.empty(h, d).uniform_(-bound, bound))
        self.W_hh = nn.Parameter(torch.empty(h, h).uniform_(-bound, bound))
        self.b_h = nn.Parameter(torch.empty(h).uniform_(-bound, bound))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h0 = x.new_zeros(x.shape[0], self.W_hh.shape[0])  # (B, h)
        H, _ = rnn_forward(x, h0, self.W_xh, self.W_hh, self.b_h)  # (B, T, h)
        return H


class TorchRNN(nn.Module):
    def __init__(self, d: int, h: int):
        super().__init__()
        self.rnn = nn.RNN(d, h, batch_first=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.rnn(x)[0]  # (B, T, h)


def make_layer(method: str, d: int, heads: int) -> nn.Module:
    if method == "nn_rnn":
        return TorchRNN(d, d)
    if method == "loop_rnn":
        return LoopRNN(d, d)
    if method == "attention":
        return MultiHeadSelfAttention(d, heads)
    if method == "sdpa":
        return SDPASelfAttention(d, heads)
    raise ValueError(f"unknown method {method!r}")


def make_step(method: str, T: int, B: int, d: int, heads: int, device: str = "cpu", seed: int = 0):
    """Build layer and data (not measured); return the step to measure."""
    torch.manual_seed(seed)
    layer = make_layer(method, d, heads).to(device)
    x = torch.randn(B, T, d, device=device)  # (B, T, d)
    g = torch.randn(B, T, d, device=device)  # (B, T, d) dL/dy
    params = list(layer.parameters())

    def step() -> None:
        for p in params:
            p.grad = None
        y = layer(x)  # (B, T, d)
        y.backward(g)

    return step


def scores_bytes(T: int, B: int, heads: int) -> int:
    """One (B, heads, T, T) float32 tensor: `scores_bytes(1024, 32, 8)` -> 1 GiB."""
    return B * heads * T * T * 4


def skip_reason(method: str, T: int, B: int, heads: int, device: str) -> Optional[str]:
    if method != "attention":
        return None
    need = SCORES_COPIES * scores_bytes(T, B, heads)
    free = bench.available_memory_bytes(device)
    if free is not None and need > free / 2:
        return (f"skipped: would need ~{need / 2**30:.0f} GiB ({SCORES_COPIES} x {B}x{heads}x{T}x{T} "
                f"float32), {free / 2**30:.0f} GiB free")
    return None


def run(device: str, quick: bool, smoke: bool = False) -> dict:
    s = sizes(device, quick, smoke)
    B, d, heads = s["B"], s["d"], s["heads"]
    rows = []
    measurements = bench.StepMeasurements(__file__, make_step, device, s["repeats"])
    for T in s["Ts"]:
        row: dict = {"T": T, **{f"{m}_ms": None for m in METHODS}, **{f"{m}_peak_mb": None for m in METHODS}}
        for method in METHODS:
            reason = skip_reason(method, T, B, heads, device)
            if reason:
                row["note"] = reason
                continue
            measurements.add(row, method, {"method": method, "T": T, "B": B, "d": d, "heads": heads})
        rows.append(row)
    method_note = measurements.finish()
    for row in rows:
        row["speedup_sdpa_vs_nn_rnn"] = _ratio(row.get("nn_rnn_ms"), row.get("sdpa_ms"))
        row["speedup_attention_vs_loop_rnn"] = _ratio(row.get("loop_rnn_ms"), row.get("attention_ms"))
        if "note" in row:
            row["note"] = row.pop("note")  # last column
    return {"settings": {"B": B, "d": d, "heads": heads, "dtype": "float32", "Ts": s["Ts"],
                         "repeats": s["repeats"], "step": "forward + backward, no mask",
                         "memory": method_note},
            "summary": summarize(rows), "headline": headline(rows), "rows": rows}


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return a / b if a and b else None


def summarize(rows: list[dict]) -> dict:
    best = [r["speedup_sdpa_vs_nn_rnn"] for r in rows if r["speedup_sdpa_vs_nn_rnn"] is not None]
    ours = [r["speedup_attention_vs_loop_rnn"] for r in rows if r["speedup_attention_vs_loop_rnn"] is not None]
    return {
        "speedup_sdpa_vs_nn_rnn_range": [min(best), max(best)] if best else None,
        "speedup_attention_vs_loop_rnn_range": [min(ours), max(ours)] if ours else None,
        "T_where_sdpa_10x_faster_than_nn_rnn": [r["T"] for r in rows if (r["speedup_sdpa_vs_nn_rnn"] or 0) >= 10],
        "claim_10_to_100x_holds": bool(best) and max(best) >= 10,
    }


def headline(rows: list[dict]) -> list[str]:
    summary = summarize(rows)
    lines = []
    for key, label in (("speedup_sdpa_vs_nn_rnn_range", "nn.RNN time / SDPA attention time"),
                       ("speedup_attention_vs_loop_rnn_range", "loop RNN time / our attention time")):
        span = summary[key]
        if span:
            lines.append(f"{label}: {span[0]:.2g}x .. {span[1]:.2g}x over T = {rows[0]['T']} .. {rows[-1]['T']}")
    where = summary["T_where_sdpa_10x_faster_than_nn_rnn"]
    lines.append("'10-100x faster': " + (f"holds at T = {', '.join(map(str, where))}" if where
                                         else "does not hold at any measured T on this device"))
    return lines
