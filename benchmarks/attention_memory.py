"""Attention memory and time against T: naive full scores, our tiled online softmax, SDPA.

Three ways to compute softmax(q k^T / sqrt(d_k)) v on 4-D inputs
(B = 1, H = 8, T, d_k = 64), so that F.scaled_dot_product_attention can pick
a fused kernel (flash attention where it applies):

    naive   answers.attention.scaled_dot_product_attention: the (B, H, T, T)
            scores and weights, O(T^2) memory
    tiled   answers.tiled_attention.tiled_attention, key blocks of 128 and an
            online softmax: O(T * block) extra memory in the forward pass
    sdpa    torch.nn.functional.scaled_dot_product_attention

Two modes: "forward" (inference, under torch.no_grad: the case tiling is
for) and "train" (forward + backward). In "train" autograd keeps every
block the tiled loop made, so its memory is O(T^2) again: FlashAttention
avoids that with a hand-written backward that recomputes the blocks, which
plain autograd over our loop does not do.

Peak memory is what one call needs beyond q, k, v: on a CPU the resident-set
growth of a child process (`seqprep.bench.rss_peaks_mb`), on CUDA
torch.cuda.max_memory_allocated. `scores_mb` is the size of one (B, H, T, T)
tensor by the formula, for scale. Naive attention is skipped, with the memory
it would need, where that would exceed half the free memory. dtype: float32
on a CPU, float16 on CUDA (the flash kernel needs half precision; our softmax
computes half inputs in float32, as torch does).

Time is the median of `seqprep.bench.measure`. Sizes: forward T = 512 …
8192 and train T <= 2048 on a CPU; forward 1024 … 32768 and train <= 8192 on
CUDA; quick: forward T <= 2048, train T = 512, one timed run.
"""

from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F

from answers.attention import scaled_dot_product_attention
from answers.tiled_attention import tiled_attention
from seqprep import bench

METHODS = ("naive", "tiled", "sdpa")
# (B, H, T, T) tensors alive at the peak of the naive call, in units of one scores tensor of the input dtype
# (measured on a CPU in float32: forward ~3, train ~6; float16 on CUDA is computed in float32: doubled)
NAIVE_COPIES = {"forward": 4, "train": 7}


def sizes(device: str, quick: bool, smoke: bool) -> dict:
    if smoke:
        return {"B": 1, "H": 2, "d_k": 16, "block": 16, "forward": [32, 64], "train": [32], "repeats": 1}
    base = {"B": 1, "H": 8, "d_k": 64, "block": 128}
    if quick:
        return {**base, "forward": [512, 1024, 2048], "train": [512], "repeats": 1}
    if device == "cuda":
        return {**base, "forward": [1024, 2048, 4096, 8192, 16384, 32768], "train": [1024, 2048, 4096, 8192],
                "repeats": 3}
    return {**base, "forward": [512, 1024, 2048, 4096, 8192], "train": [512, 1024, 2048], "repeats": 3}


def dtype_for(device: str) -> torch.dtype:
    return torch.float16 if device == "cuda" else torch.float32


def make_step(method: str, mode: str, T: int, B: int, H: int, d_k: int, block: int, device: str = "cpu",
              seed: int = 0):
    """Build q, k, v (not measured); return the call to measure."""
    gen = torch.Generator().manual_seed(seed)
    dtype = dtype_for(device)
    train = mode == "train"
    q, k, v = (torch.randn(B, H, T, d_k, generator=gen).to(device, dtype).requires_grad_(train)
               for _ in range(3))  # (B, H, T, d_k) each
    g = torch.randn(B, H, T, d_k, generator=gen).to(device, dtype) if train else None  # (B, H, T, d_k)

    if method == "naive":
        def attend():
            return scaled_dot_product_attention(q, k, v)[0]  # (B, H, T, d_k)
    elif method == "tiled":
        def attend():
            return tiled_attention(q, k, v, block_size=block)  # (B, H, T, d_k)
    elif method == "sdpa":
        def attend():
            return F.scaled_dot_product_attention(q, k, v)  # (B, H, T, d_k)
    else:
        raise ValueError(f"unknown method {method!r}")

    def step() -> None:
        if not train:
            with torch.no_grad():
                attend()
            return
        for t in (q, k, v):
            t.grad = None
        attend().backward(g)

    return step


def scores_bytes(T: int, B: int, H: int, device: str) -> int:
    """One (B, H, T, T) tensor: `scores_bytes(8192, 1, 8, "cpu")` -> 2 GiB."""
    return B * H * T * T * torch.empty((), dtype=dtype_for(device)).element_size()


def skip_reason(method: str, mode: str, T: int, s: dict, device: str) -> Optional[str]:
    if method != "naive":
        return None
    copies = NAIVE_COPIES[mode] * (2 if device == "cuda" else 1)
    need = copies * scores_bytes(T, s["B"], s["H"], device)
    free = bench.available_memory_bytes(device)
    if free is not None and need > free / 2:
        return f"naive skipped: would need ~{need / 2**30:.0f} GiB, {free / 2**30:.0f} GiB free"
    return None


def run(device: str, quick: bool, smoke: bool = False) -> dict:
    s = sizes(device, quick, smoke)
    shape = {k: s[k] for k in ("B", "H", "d_k", "block")}
    rows = []
    measurements = bench.StepMeasurements(__file__, make_step, device, s["repeats"])
    for mode in ("forward", "train"):
        for T in s[mode]:
            row: dict = {"mode": mode, "T": T, "scores_mb": scores_bytes(T, s["B"], s["H"], device) / 2**20,
                         **{f"{m}_ms": None for m in METHODS}, **{f"{m}_peak_mb": None for m in METHODS}}
            for method in METHODS:
                reason = skip_reason(method, mode, T, s, device)
                if reason:
                    row["note"] = reason
                    continue
                measurements.add(row, method, {"method": method, "mode": mode, "T": T, **shape})
            rows.append(row)
    how = measurements.finish()
    for row in rows:
        if "note" in row:
            row["note"] = row.pop("note")
    return {"settings": {**shape, "dtype": str(dtype_for(device)).split(".")[-1], "forward_Ts": s["forward"],
                         "train_Ts": s["train"], "repeats": s["repeats"], "memory": how},
            "summary": summarize(rows), "headline": headline(rows), "rows": rows}


def _largest_with_naive(rows: list[dict], mode: str) -> Optional[dict]:
    ran = [r for r in rows if r["mode"] == mode and r.get("naive_ms") is not None]
    return ran[-1] if ran else None


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return a / b if a is not None and b else None


def summarize(rows: list[dict]) -> dict:
    out = {}
    for mode in ("forward", "train"):
        r = _largest_with_naive(rows, mode)
        if r is not None:
            out[f"{mode}_largest_T_with_naive"] = r["T"]
            out[f"{mode}_naive_over_tiled_peak"] = _ratio(r["naive_peak_mb"], r["tiled_peak_mb"])
            out[f"{mode}_naive_over_sdpa_peak"] = _ratio(r["naive_peak_mb"], r["sdpa_peak_mb"])
            out[f"{mode}_tiled_over_naive_time"] = _ratio(r["tiled_ms"], r["naive_ms"])
    return out


def headline(rows: list[dict]) -> list[str]:
    lines = []
    for mode in ("forward", "train"):
        r = _largest_with_naive(rows, mode)
        if r is not None:
            lines.append(f"{mode}, T = {r['T']}: peak naive {r['naive_peak_mb']:.0f} MB, tiled "
                         f"{r['tiled_peak_mb']:.0f} MB, sdpa {r['sdpa_peak_mb']:.0f} MB; time naive "
                         f"{r['naive_ms']:.0f} ms, tiled {r['tiled_ms']:.0f} ms, sdpa {r['sdpa_ms']:.0f} ms")
        skipped = [r["T"] for r in rows if r["mode"] == mode and r.get("naive_ms") is None]
        if skipped:
            lines.append(f"{mode}: naive skipped at T = {', '.join(map(str, skipped))} (memory); "
                         "tiled and sdpa ran")
    return lines
