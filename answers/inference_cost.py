"""Why decoding is limited by memory, in closed form (pure Python).

Each decoding step of a batch of B sequences reads every weight once (N
parameters of `bytes_per_param` bytes) and does 2 N B FLOPs with them: an
arithmetic intensity of 2B / bytes_per_param FLOPs per byte, 1 per sequence in
16-bit. An accelerator is compute-bound only above its ridge point, peak FLOP/s
divided by memory bandwidth (about 295 FLOPs per byte for an H100 SXM: 989
dense bf16 TFLOP/s over 3.35 TB/s), so decoding one sequence uses well under 1%
of the compute and its speed is set by bandwidth. Prefill processes the T
prompt tokens at once, intensity ~ 2T / bytes_per_param: compute-bound.

The KV cache (answers.complexity.kv_cache_bytes) is read every step as well and,
unlike the weights, is not shared across the batch. Linear attention replaces
it with a fixed d_k x d_v state per head.
"""

from __future__ import annotations


def decode_intensity(B: int, bytes_per_param: int = 2) -> float:
    """FLOPs per byte of weights read in one decoding step of B sequences: 2B / bytes.
    `decode_intensity(1) -> 1.0`."""
    return 2 * B / bytes_per_param


def critical_batch_size(peak_tflops: float, bandwidth_tb_s: float, bytes_per_param: int = 2) -> float:
    """The batch at which the weight matmuls of a decoding step reach the ridge point
    (KV-cache reads ignored): peak / bandwidth * bytes_per_param / 2.
    `critical_batch_size(989, 3.35) -> 295.2` (rounded)."""
    return peak_tflops / bandwidth_tb_s * bytes_per_param / 2


def weight_bytes(N: int, bytes_per_param: int = 2) -> int:
    """Bytes of N weights: `weight_bytes(8030261248) -> 16060522496` (Llama-3-8B in bf16)."""
    return N * bytes_per_param


def max_decode_tokens_per_second(N: float, bytes_per_param: int, bandwidth_tb_s: float) -> float:
    """Upper bound on one sequence's decoding speed: each token reads all N weights.
    `max_decode_tokens_per_second(8e9, 2, 3.35) -> 209.4` (rounded)."""
    return bandwidth_tb_s * 1e12 / (N * bytes_per_param)


def linear_attention_crossover(d_k: int, d_v: int) -> int:
    """The first context length T at which one head's KV cache, T (d_k + d_v) numbers,
    is larger than linear attention's state S = sum phi(k) v^T (d_k x d_v) plus its
    normalizer z = sum phi(k) (d_k): `linear_attention_crossover(128, 128) -> 65`.

    Above it the recurrent state is smaller, and it stays that size for any T.
    """
    state = d_k * d_v + d_k
    return state // (d_k + d_v) + 1
