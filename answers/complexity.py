"""Parameter and operation counts, in closed form.

Pure Python on purpose: the quiz computes its numeric answers from here
without importing torch. Every formula is checked against torch in
`tests/answers/test_complexity.py` (sum of `p.numel()` and `FlopCounterMode`).

Conventions:
* a MAC is one multiply-accumulate; FLOPs = 2 x MACs for matrix products;
* element-wise work (tanh, softmax, adds of biases) is not counted as MACs;
* the RNN language model is the document's: embeddings of size d feed a tanh
  RNN of width h whose state is projected to V logits,
      h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h),   y_t = W_hy h_t + b_y.
"""

from __future__ import annotations


def rnn_param_count(d: int, h: int, V: int, bias: bool = True) -> int:
    """W_xh [h,d] + W_hh [h,h] + W_hy [V,h] (+ b_h [h] + b_y [V] when bias).

    The document's count is the bias-free one:
    `rnn_param_count(300, 512, 30000, bias=False) -> 15775744`;
    with the two biases it is 15806256.
    """
    weights = h * d + h * h + V * h
    return weights + (h + V if bias else 0)


def rnn_lm_param_count(d: int, h: int, V: int, bias: bool = True, tied: bool = False) -> int:
    """The whole language model: the V x d embedding table plus the RNN and head.

    The document leaves the table out. `rnn_lm_param_count(300, 512, 30000)`
    -> 24806256 (9,000,000 of it is the table). Tying input and output
    embeddings needs d == h, and then the head reuses the table.
    """
    if tied and d != h:
        raise ValueError(f"tied embeddings need d == h, got d={d}, h={h}")
    embedding = V * d
    head = 0 if tied else V * h
    recurrent = h * d + h * h
    return embedding + recurrent + head + (h + V if bias else 0)


def torch_rnn_param_count(d: int, h: int, num_layers: int = 1, bias: bool = True) -> int:
    """Parameters of `torch.nn.RNN(d, h, num_layers)`: it keeps two biases, b_ih and b_hh.

    `torch_rnn_param_count(300, 512) -> 416768` = 512*300 + 512*512 + 2*512.
    """
    total = 0
    for layer in range(num_layers):
        inp = d if layer == 0 else h
        total += h * inp + h * h + (2 * h if bias else 0)
    return total


def rnn_forward_macs(T: int, d: int, h: int, V: int = 0) -> int:
    """MACs of one forward pass over T steps: T * (h^2 + h*d + V*h).

    `rnn_forward_macs(50, 300, 512) -> 20787200` (the document's 20.8M, which
    leaves out the output layer); with V = 30000 it is 788787200, of which the
    output layer is 97%.
    """
    return T * (h * h + h * d + V * h)


def rnn_train_step_macs(T: int, d: int, h: int, V: int = 0) -> int:
    """Forward plus backward ~ 3x the forward MACs.

    The backward pass of each matrix product needs two products of the same
    size (gradient w.r.t. the input and w.r.t. the weight), so BPTT costs
    about twice the forward, not the same as the document suggests.
    `rnn_train_step_macs(50, 300, 512) -> 62361600`.

    It is exact when the inputs x and h0 need gradients too. torch skips the
    products nobody needs: with a constant zero h0 it does 3F - h^2, and with
    constant inputs x another T*h*d less (pinned in tests/answers/test_complexity_rnn.py).
    """
    return 3 * rnn_forward_macs(T, d, h, V)


def embedding_param_count(V: int, d: int) -> int:
    """`embedding_param_count(100000, 512) -> 51200000`."""
    return V * d


def mha_param_count(d_model: int, bias: bool = True) -> int:
    """Q, K, V and output projections, each d_model x d_model (+ d_model bias).

    The number of heads does not change it: `mha_param_count(512) -> 1050624`.
    """
    return 4 * d_model * d_model + (4 * d_model if bias else 0)


def ffn_param_count(d_model: int, d_ff: int, bias: bool = True) -> int:
    """Two linear layers d_model -> d_ff -> d_model: `ffn_param_count(512, 2048) -> 2099712`."""
    return 2 * d_model * d_ff + (d_ff + d_model if bias else 0)


def transformer_block_param_count(d_model: int, d_ff: int, bias: bool = True) -> int:
    """Self-attention + feed-forward + two LayerNorms (a weight, and a bias when bias).

    `transformer_block_param_count(512, 2048) -> 3152384`, the size of one
    `nn.TransformerEncoderLayer(512, 8, 2048)`; with bias=False torch drops the
    LayerNorm biases too, and so does this count.
    """
    norms = 2 * (2 * d_model if bias else d_model)
    return mha_param_count(d_model, bias) + ffn_param_count(d_model, d_ff, bias) + norms


def attention_macs(T: int, d_model: int) -> int:
    """MACs of one self-attention layer on T tokens (any number of heads).

    4*T*d^2 for the Q, K, V and output projections, T^2*d for Q K^T and T^2*d
    for the weighted sum of V: `attention_macs(100, 512) -> 115097600`.
    """
    return 4 * T * d_model * d_model + 2 * T * T * d_model


def transformer_block_macs(T: int, d_model: int, d_ff: int) -> int:
    """Attention plus the feed-forward's 2*T*d*d_ff: `transformer_block_macs(100, 512, 2048) -> 324812800`."""
    return attention_macs(T, d_model) + 2 * T * d_model * d_ff


def attention_score_count(T: int, B: int = 1, num_heads: int = 1) -> int:
    """Entries of the score matrices: B * heads * T^2. `attention_score_count(1000) -> 1000000`."""
    return B * num_heads * T * T


def attention_scores_bytes(T: int, B: int = 1, num_heads: int = 1, bytes_per_element: int = 4) -> int:
    """Memory to hold the scores once: `attention_scores_bytes(4096, 8, 16, 2) -> 4294967296` (4 GiB)."""
    return attention_score_count(T, B, num_heads) * bytes_per_element


def added_token_param_count(n_new: int, d: int, tied: bool = True) -> int:
    """New trainable rows when n_new tokens are added: one row per token in
    the input table, and one more in the output head unless it is tied.
    `added_token_param_count(4, 768, tied=False) -> 6144`."""
    return n_new * d * (1 if tied else 2)


def padding_fraction(lengths: tuple[int, ...] | list[int]) -> float:
    """Share of a padded batch that is padding: `padding_fraction([2, 4]) -> 0.25`."""
    longest = max(lengths)
    return 1 - sum(lengths) / (longest * len(lengths))


def output_layer_share(d: int, h: int, V: int) -> float:
    """Share of an RNN language model's forward MACs spent in the output layer: V h / (h^2 + h d + V h).

    `output_layer_share(300, 512, 30000) -> 0.9736` (rounded): T cancels out.
    """
    return V * h / (h * h + h * d + V * h)


def logits_bytes(B: int, T: int, V: int, bytes_per_element: int = 4) -> int:
    """Memory of one logits tensor [B, T, V]: `logits_bytes(8, 2048, 128256) -> 8405385216` (about 7.8 GiB)."""
    return B * T * V * bytes_per_element


def kv_cache_bytes(num_layers: int, num_kv_heads: int, head_dim: int, T: int, B: int = 1,
                   bytes_per_element: int = 2) -> int:
    """Keys and values kept for every layer during generation: 2 * layers * kv_heads * head_dim * T * B * bytes.

    `kv_cache_bytes(32, 8, 128, 8192) -> 1073741824` (1 GiB: a Llama-3-8B-sized model, fp16, one sequence).
    """
    return 2 * num_layers * num_kv_heads * head_dim * T * B * bytes_per_element
