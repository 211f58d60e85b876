"""answers/perplexity.py against torch: per-token losses turned into bits per byte through base-2
logarithms of the probabilities, the uniform distribution's cross-entropy from F.cross_entropy, and
the claim the module rests on: the same model of a text, cut into different tokens, has different
per-token losses but the same bits per byte."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from bank_grids import bank_combos, check_example, docstring_examples

import answers.perplexity as P


def per_token_nll(n_tokens: int, mean: float, seed: int) -> torch.Tensor:
    """n_tokens positive losses (nats) with exactly this mean, not all equal."""
    raw = torch.rand(n_tokens, dtype=torch.float64, generator=torch.Generator().manual_seed(seed)) + 0.5
    return raw * mean / raw.mean()  # (n_tokens,)


def test_bits_per_byte_bank_grid():
    combos = bank_combos(P.bits_per_byte)
    assert combos
    for i, p in enumerate(combos):
        probs = torch.exp(-per_token_nll(p["n_tokens"], p["loss"], i))  # each token's probability
        bits = -torch.log2(probs).sum()                                   # the text's information, in bits
        assert P.bits_per_byte(**p) == pytest.approx(float(bits / p["n_bytes"]), rel=1e-9)


def test_matching_perplexity_bank_grid():
    combos = bank_combos(P.matching_perplexity)
    assert combos
    for i, p in enumerate(combos):
        log_prob_text = -p["tokens"] * math.log(p["ppl"])   # the text's log-probability under model A
        # model B gives the text the same probability, spread unevenly over its own tokens
        torch.manual_seed(i)
        shares = torch.distributions.Dirichlet(torch.ones(p["other_tokens"], dtype=torch.float64)).sample()
        logp_b = shares * log_prob_text  # (other_tokens,)
        assert float(logp_b.sum()) == pytest.approx(log_prob_text)
        assert P.matching_perplexity(**p) == pytest.approx(float(torch.exp(-logp_b.mean())), rel=1e-9)


def test_uniform_loss_bank_grid():
    combos = bank_combos(P.uniform_loss)
    assert combos
    for p in combos:
        V = p["V"]
        logits = torch.zeros(3, V, dtype=torch.float64)        # equal logits: the uniform distribution
        loss = F.cross_entropy(logits, torch.tensor([0, V // 2, V - 1]))
        assert P.uniform_loss(**p) == pytest.approx(float(loss), rel=1e-12)


def test_one_model_two_tokenizers_same_bits_per_byte():
    """A character unigram model, read once per character and once per pair of characters (a pair's
    probability is the product): per-token loss and perplexity differ, bits per byte do not, and the
    pair tokenizer's perplexity is the one matching_perplexity predicts."""
    text = "abracadabra barbara cab"
    text = text + text[:1] if len(text) % 2 else text
    q = {ch: (text.count(ch) + 1) / (len(text) + len(set(text))) for ch in set(text)}
    nll_chars = torch.tensor([-math.log(q[ch]) for ch in text], dtype=torch.float64)
    nll_pairs = torch.tensor([-math.log(q[a] * q[b]) for a, b in zip(text[::2], text[1::2])], dtype=torch.float64)
    n_bytes = len(text.encode("utf-8"))
    loss_chars, loss_pairs = float(nll_chars.mean()), float(nll_pairs.mean())
    assert loss_pairs == pytest.approx(2 * loss_chars)  # per-token losses are not comparable
    assert P.bits_per_byte(loss_chars, len(nll_chars), n_bytes) == pytest.approx(
        P.bits_per_byte(loss_pairs, len(nll_pairs), n_bytes))
    assert math.exp(loss_pairs) == pytest.approx(P.matching_perplexity(math.exp(loss_chars), len(nll_chars),
                                                                        len(nll_pairs)))


def test_errors():
    with pytest.raises(ValueError):
        P.bits_per_byte(2.0, 10, 0)
    with pytest.raises(ValueError):
        P.matching_perplexity(0.5, 10, 5)
    with pytest.raises(ValueError):
        P.uniform_loss(0)


@pytest.mark.parametrize("call,value", docstring_examples(P))
def test_docstring_examples(call, value):
    check_example(P, call, value)
