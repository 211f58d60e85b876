"""Compute and memory of a training run, in closed form (pure Python).

Compute. Every weight of a dense layer does one multiply-accumulate per token
in the forward pass (2 FLOPs) and two in the backward pass (the gradient with
respect to the input and with respect to the weight, 4 FLOPs): about 6N FLOPs
per token for N parameters (Kaplan et al., 2020). Embedding lookups are not
matrix products; a tied or untied output head is. Attention adds the products
that have no weights, QK^T and AV: 2 T d_model MACs per token and layer over T
keys, 4 L T d_model forward FLOPs per token, 12 L T d_model with the backward
(counted without the causal mask's saving, like answers.complexity.attention_macs).

Memory. Mixed-precision training with Adam keeps, per parameter: bf16/fp16
weights (2 bytes) and gradients (2), an fp32 master copy (4) and Adam's two
fp32 moments (4 + 4): 16 bytes, before any activation (Rajbhandari et al.,
2020, ZeRO). Activations of one transformer layer with dropout in 16-bit
(Korthikanti et al., 2022): s b h (34 + 5 a s / h) bytes, for sequence s,
micro-batch b, width h, a heads.
"""

from __future__ import annotations

SECONDS_PER_DAY = 86_400

# Mixed-precision Adam: what each parameter costs in bytes.
ADAM_MIXED_PRECISION_BYTES = {
    "weights (bf16)": 2,
    "gradients (bf16)": 2,
    "master weights (fp32)": 4,
    "Adam first moment m (fp32)": 4,
    "Adam second moment v (fp32)": 4,
}


def train_flops(N: float, D: float) -> float:
    """6 N D: `train_flops(7e9, 2e12) -> 8.4e+22` FLOPs (a 7B model on 2T tokens)."""
    return 6 * N * D


def train_flops_per_token(N: int, L: int, T: int, d_model: int) -> int:
    """6N for the weights plus 12 L T d_model for QK^T and AV (forward and backward).

    GPT-2 small at its full context, `train_flops_per_token(124439808, 12, 1024, 768)
    -> 859885056`: the attention term is 113,246,208 of it (13%).
    """
    return 6 * N + 12 * L * T * d_model


def attention_flops_share(T: int, d_model: int) -> float:
    """Share of a training step's FLOPs that go into QK^T and AV, for a model whose
    weights are its L blocks of 12 d^2 (no embeddings, no head): 12LTd / (6 * 12Ld^2 + 12LTd)
    = T / (T + 6 d_model), whatever L. Attention dominates once T > 6 d_model.
    `attention_flops_share(1024, 768) -> 0.182` (rounded); `attention_flops_share(8192, 4096) -> 0.25`."""
    return T / (T + 6 * d_model)


def training_days(N: float, D: float, n_gpus: int, peak_tflops: float, mfu: float) -> float:
    """Wall-clock days of 6 N D FLOPs on n_gpus accelerators that reach a fraction
    `mfu` (model FLOPs utilization) of their peak.
    `training_days(7e9, 2e12, 1024, 989, 0.4) -> 2.4` (rounded)."""
    return train_flops(N, D) / (n_gpus * peak_tflops * 1e12 * mfu) / SECONDS_PER_DAY


def model_flops_utilization(N: float, tokens_per_second: float, n_gpus: int, peak_tflops: float) -> float:
    """MFU: the 6N FLOPs per token the model needs, at the measured throughput,
    over the hardware's peak. `model_flops_utilization(7e9, 3.2e6, 512, 989) -> 0.265` (rounded)."""
    return 6 * N * tokens_per_second / (n_gpus * peak_tflops * 1e12)


def adam_state_bytes(N: int) -> int:
    """Weights, gradients, master copy and Adam moments: 16 bytes a parameter.
    `adam_state_bytes(7000000000) -> 112000000000` (112 GB, before activations)."""
    return N * sum(ADAM_MIXED_PRECISION_BYTES.values())


def layer_activation_bytes(s: int, b: int, h: int, a: int) -> int:
    """16-bit activations one transformer layer keeps for its backward pass:
    s b h (34 + 5 a s / h) = 34 s b h + 5 a s^2 b bytes.

    Attention: 11 sbh + 5 a s^2 b (LayerNorm output, Q, K, V, softmax output,
    its dropout mask, the dropped weights, the projection's input and its
    dropout mask); MLP: 19 sbh (input, GeLU input 4h wide, its output, dropout
    mask); two LayerNorm inputs: 4 sbh. `layer_activation_bytes(2048, 1, 4096, 32) -> 956301312`.
    """
    return 34 * s * b * h + 5 * a * s * s * b


def activation_bytes(L: int, s: int, b: int, h: int, a: int, checkpoint: bool = False) -> int:
    """Peak activation memory of L layers.

    Without checkpointing every layer keeps `layer_activation_bytes`. With full
    checkpointing (recompute every layer) only each layer's 16-bit input stays,
    2 s b h bytes, and during the backward pass one layer at a time is recomputed:
    2 s b h L + layer_activation_bytes.
    `activation_bytes(32, 2048, 1, 4096, 32) -> 30601641984`; with checkpoint=True
    it is 1493172224.
    """
    one_layer = layer_activation_bytes(s, b, h, a)
    if checkpoint:
        return 2 * s * b * h * L + one_layer
    return L * one_layer
