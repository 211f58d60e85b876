"""Parameter counts of whole transformer models, part by part (pure Python).

Three families, each counted from its layers (tests/answers/test_model_sizes.py
builds the same models from torch modules on the meta device):

* GPT-2: token and learned position tables, L blocks of
  LN - attention (c_attn d -> 3d, c_proj d -> d) - LN - MLP (d -> 4d -> d), all with
  biases, so 12 d^2 + 13 d per block; a final LayerNorm; the head is tied to the
  token table.
* BERT: token, position and segment tables with a LayerNorm, L post-LN blocks of
  the same 12 d^2 + 13 d, and a d x d pooler.
* Llama: no biases, RMSNorm (one weight vector), grouped-query attention
  (W_K, W_V map d -> n_kv * d_head), a SwiGLU MLP with three d x d_ff matrices,
  an untied output head.
"""

from __future__ import annotations


def gpt2_block_param_count(d_model: int) -> int:
    """LN (2d) + c_attn (3d^2 + 3d) + c_proj (d^2 + d) + LN (2d) + MLP (8d^2 + 5d) = 12 d^2 + 13 d.
    `gpt2_block_param_count(768) -> 7087872`."""
    return 12 * d_model * d_model + 13 * d_model


def gpt2_breakdown(V: int, n_ctx: int, d_model: int, n_layer: int) -> dict[str, int]:
    """Where GPT-2's parameters are; `gpt2_breakdown(50257, 1024, 768, 12)["total"] -> 124439808`."""
    parts = {
        "token_embedding": V * d_model,
        "position_embedding": n_ctx * d_model,
        "blocks": n_layer * gpt2_block_param_count(d_model),
        "final_layernorm": 2 * d_model,
    }
    parts["total"] = sum(parts.values())
    return parts


def gpt2_param_count(V: int, n_ctx: int, d_model: int, n_layer: int) -> int:
    """V d + n_ctx d + L (12 d^2 + 13 d) + 2 d (tied head): GPT-2 small,
    `gpt2_param_count(50257, 1024, 768, 12) -> 124439808`; GPT-2 XL,
    `gpt2_param_count(50257, 1024, 1600, 48) -> 1557611200`."""
    return gpt2_breakdown(V, n_ctx, d_model, n_layer)["total"]


def bert_param_count(V: int, n_ctx: int, d_model: int, n_layer: int, type_vocab: int = 2) -> int:
    """Embeddings (V + n_ctx + type_vocab) d + LN 2d, L blocks of 12 d^2 + 13 d, pooler d^2 + d.
    BERT-base: `bert_param_count(30522, 512, 768, 12) -> 109482240`."""
    embeddings = (V + n_ctx + type_vocab) * d_model + 2 * d_model
    return embeddings + n_layer * gpt2_block_param_count(d_model) + d_model * d_model + d_model


def llama_block_param_count(d_model: int, d_ff: int, n_heads: int, n_kv_heads: int) -> int:
    """W_Q, W_O (d^2 each), W_K, W_V (d * n_kv * d_head each), SwiGLU (3 d d_ff), two RMSNorms (d each).
    Llama-3-8B: `llama_block_param_count(4096, 14336, 32, 8) -> 218112000`."""
    head_dim = d_model // n_heads
    attention = 2 * d_model * d_model + 2 * d_model * n_kv_heads * head_dim
    return attention + 3 * d_model * d_ff + 2 * d_model


def llama_param_count(V: int, d_model: int, n_layer: int, d_ff: int, n_heads: int, n_kv_heads: int) -> int:
    """Token table, L blocks, final RMSNorm and an untied V x d head.
    Llama-2-7B: `llama_param_count(32000, 4096, 32, 11008, 32, 32) -> 6738415616`;
    Llama-3-8B: `llama_param_count(128256, 4096, 32, 14336, 32, 8) -> 8030261248`."""
    blocks = n_layer * llama_block_param_count(d_model, d_ff, n_heads, n_kv_heads)
    return 2 * V * d_model + blocks + d_model
