"""Comparing language-model losses across tokenizers (pure Python).

A model's loss is the mean negative log-likelihood per token, in nats; the
perplexity is exp(loss). Both are per *token*, and tokenizers cut the same text
into different numbers of tokens, so the same model quality gives different
per-token numbers. What does not depend on the tokenizer is the total
log-likelihood of the text, sum_t -ln p(x_t | x_<t), which is the same quantity
whatever the pieces: normalize *that* by something the tokenizer does not
choose, the bytes (or characters, or words) of the text.

    bits per byte = loss [nats/token] * tokens / (bytes * ln 2)

* `bits_per_byte(loss, n_tokens, n_bytes)`: a loss of 2.5 nats per token on a
  text that the tokenizer cuts into 1000 tokens out of 4000 bytes is
  `bits_per_byte(2.5, 1000, 4000) -> 0.902` (rounded) bits per byte;
* `matching_perplexity(ppl, tokens, other_tokens)`: the per-token perplexity
  a model with the other tokenizer must reach to give the text the same
  probability: ppl ** (tokens / other_tokens). Fewer, longer tokens mean a
  *higher* per-token perplexity at equal quality:
  `matching_perplexity(20.0, 1000, 800) -> 42.29` (rounded);
* `uniform_loss(V)`: the loss of a model that spreads its mass evenly over V
  tokens, ln V nats: the value a freshly initialized LM should start near.
  `uniform_loss(50257) -> 10.825` (rounded).
"""

from __future__ import annotations

import math


def bits_per_byte(loss: float, n_tokens: int, n_bytes: int) -> float:
    """Total information loss * n_tokens nats, in bits (/ ln 2), per byte of the text.
    `bits_per_byte(2.5, 1000, 4000) -> 0.902` (rounded)."""
    if n_bytes <= 0 or n_tokens <= 0:
        raise ValueError("n_tokens and n_bytes must be positive")
    return loss * n_tokens / (n_bytes * math.log(2))


def matching_perplexity(ppl: float, tokens: int, other_tokens: int) -> float:
    """Per-token perplexity over `other_tokens` tokens that assigns the text the same probability as
    perplexity `ppl` over `tokens` tokens: exp(tokens * ln ppl / other_tokens).
    `matching_perplexity(20.0, 1000, 800) -> 42.29` (rounded)."""
    if ppl < 1 or tokens <= 0 or other_tokens <= 0:
        raise ValueError("perplexity must be at least 1 and token counts positive")
    return math.exp(tokens * math.log(ppl) / other_tokens)


def uniform_loss(V: int) -> float:
    """-ln(1/V) = ln V nats per token: cross-entropy of the uniform distribution over V tokens.
    `uniform_loss(50257) -> 10.825` (rounded)."""
    if V < 1:
        raise ValueError("V must be at least 1")
    return math.log(V)


def uniform_loss_bits(V: int) -> float:
    """log2 V bits per token: `uniform_loss_bits(65536) -> 16.0`."""
    return uniform_loss(V) / math.log(2)
