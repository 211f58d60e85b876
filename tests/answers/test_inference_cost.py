"""answers/inference_cost.py against torch: FLOPs that FlopCounterMode counts for a decoding
step's matrix products over the bytes of the weights they read (meta tensors of the real
dtype), and linear attention run both as a parallel masked product and as an RNN whose
state has the size the crossover assumes."""

from __future__ import annotations

import math

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import answers.inference_cost as I

DTYPE = {1: torch.float8_e4m3fn, 2: torch.bfloat16, 4: torch.float32}


def measured_intensity(B: int, bytes_per_param: int, d: int = 256) -> float:
    """FLOPs of one decoding step of B sequences through a d x d weight, per byte of that weight."""
    with torch.device("meta"):
        weight = torch.empty(d, d, dtype=DTYPE[bytes_per_param])
        x = torch.empty(B, d, dtype=torch.float32)
        with FlopCounterMode(display=False) as counter:
            x @ weight.float().T  # the product is counted; the bytes are the stored weight's
    return counter.get_total_flops() / weight.nbytes


@pytest.mark.parametrize("B", [1, 2, 7, 64, 512])
@pytest.mark.parametrize("bytes_per_param", [1, 2, 4])
def test_decode_intensity(B, bytes_per_param):
    assert I.decode_intensity(B, bytes_per_param) == measured_intensity(B, bytes_per_param)


def test_critical_batch_brackets_the_ridge_point():
    combos = bank_combos(I.critical_batch_size)
    assert combos
    for p in combos + [dict(peak_tflops=989, bandwidth_tb_s=3.35, bytes_per_param=2)]:
        ridge = p["peak_tflops"] / p["bandwidth_tb_s"]  # FLOPs per byte at which compute and memory balance
        b_star = I.critical_batch_size(**p)
        below, above = math.floor(b_star), math.floor(b_star) + 1
        assert measured_intensity(below, p["bytes_per_param"]) <= ridge < measured_intensity(above, p["bytes_per_param"])


def test_max_decode_tokens_per_second():
    combos = bank_combos(I.max_decode_tokens_per_second)
    assert combos
    for p in combos:
        weights = torch.empty(int(p["N"]), dtype=DTYPE[p["bytes_per_param"]], device="meta")
        assert I.max_decode_tokens_per_second(**p) == pytest.approx(p["bandwidth_tb_s"] * 1e12 / weights.nbytes)


def linear_attention_both_ways(T: int, d_k: int, d_v: int):
    torch.manual_seed(0)
    q, k = torch.randn(T, d_k, dtype=torch.float64), torch.randn(T, d_k, dtype=torch.float64)
    v = torch.randn(T, d_v, dtype=torch.float64)
    phi = lambda x: torch.nn.functional.elu(x) + 1  # noqa: E731 - Katharopoulos et al.'s feature map
    fq, fk = phi(q), phi(k)  # (T, d_k)
    causal = torch.tril(torch.ones(T, T, dtype=torch.float64))
    scores = (fq @ fk.T) * causal  # (T, T)
    parallel = (scores @ v) / scores.sum(-1, keepdim=True)  # (T, d_v)
    S, z = torch.zeros(d_k, d_v, dtype=torch.float64), torch.zeros(d_k, dtype=torch.float64)
    outputs = []
    for t in range(T):
        S, z = S + torch.outer(fk[t], v[t]), z + fk[t]  # the whole state: d_k*d_v + d_k numbers
        outputs.append((fq[t] @ S) / (fq[t] @ z))
    return parallel, torch.stack(outputs), S.numel() + z.numel()


@pytest.mark.parametrize("T,d_k,d_v", [(1, 2, 3), (9, 4, 4), (20, 8, 5)])
def test_linear_attention_is_an_rnn_with_a_fixed_state(T, d_k, d_v):
    parallel, recurrent, _ = linear_attention_both_ways(T, d_k, d_v)
    torch.testing.assert_close(recurrent, parallel)


def test_crossover_against_tensor_sizes():
    combos = bank_combos(I.linear_attention_crossover)
    assert combos
    for p in combos + [dict(d_k=3, d_v=3), dict(d_k=64, d_v=128), dict(d_k=1, d_v=1)]:
        *_, state = linear_attention_both_ways(1, p["d_k"], p["d_v"])
        T = 1
        while torch.empty(T, p["d_k"] + p["d_v"], device="meta").numel() <= state:  # K and V of one head
            T += 1
        assert I.linear_attention_crossover(**p) == T


@pytest.mark.parametrize("call,value", docstring_examples(I))
def test_docstring_examples(call, value):
    check_example(I, call, value)


@pytest.mark.parametrize("N,bytes_per_param", [(8030261248, 2), (7000000000, 1), (10, 4)])
def test_weight_bytes(N, bytes_per_param):
    assert I.weight_bytes(N, bytes_per_param) == torch.empty(N, dtype=DTYPE[bytes_per_param], device="meta").nbytes
