"""answers/decoding_math.py against torch: softmax of scaled logits, Hugging Face's top-p
rule (TopPLogitsWarper) transcribed on a sorted torch distribution, torch.topk."""

from __future__ import annotations

import pytest
import torch
from bank_grids import bank_combos, check_example, docstring_examples

import answers.decoding_math as D


def zipf(V: int, s: float) -> torch.Tensor:
    weights = torch.arange(1, V + 1, dtype=torch.float64) ** -s
    return weights / weights.sum()  # (V,)


def hf_top_p_kept(probs: torch.Tensor, top_p: float) -> int:
    """TopPLogitsWarper: sort ascending, drop the tokens whose cumulative mass is <= 1 - top_p,
    always keep at least one."""
    sorted_probs, _ = torch.sort(probs, descending=False)
    cumulative = sorted_probs.cumsum(-1)
    remove = cumulative <= (1 - top_p)
    remove[-1:] = False
    return int((~remove).sum())


@pytest.mark.parametrize("logits,tau", [([2.0, 1.0, 0.0], 1.0), ([2.0, 1.0, 0.0], 0.5), ([3.0, -1.0, 0.5], 2.0),
                                        ([0.0, 0.0, 0.0], 0.1)])
def test_temperature(logits, tau):
    expected = torch.softmax(torch.tensor(logits, dtype=torch.float64) / tau, 0)
    assert D.temperature_softmax(logits, tau) == pytest.approx(expected.tolist(), rel=1e-12)


def test_temperature_bank_grid():
    combos = bank_combos(D.temperature_prob)
    assert combos
    for p in combos:
        logits = torch.tensor([p["z1"], p["z2"], p["z3"]], dtype=torch.float64)
        expected = torch.softmax(logits / p["temperature"], 0)[p.get("which", 1) - 1]
        assert D.temperature_prob(**p) == pytest.approx(float(expected), rel=1e-12)


@pytest.mark.parametrize("V,s,p", [(10, 1.0, 0.5), (1000, 1.2, 0.9), (50000, 1.0, 0.9), (50000, 1.5, 0.95),
                                   (5, 3.0, 0.99), (100, 0.5, 0.3)])
def test_nucleus_matches_hf(V, s, p):
    assert D.nucleus_size(V, s, p) == hf_top_p_kept(zipf(V, s), p)


def test_nucleus_bank_grid():
    combos = bank_combos(D.nucleus_size)
    assert combos
    for p in combos:
        assert D.nucleus_size(**p) == hf_top_p_kept(zipf(p["V"], p["s"]), p["p"])


@pytest.mark.parametrize("V,s,k", [(50000, 1.0, 50), (1000, 1.5, 1), (10, 0.5, 10)])
def test_top_k_mass(V, s, k):
    assert D.top_k_mass(V, s, k) == pytest.approx(float(torch.topk(zipf(V, s), k).values.sum()), rel=1e-12)


def test_length_normalization_as_hf_beam_hypotheses():
    # BeamHypotheses.add: score = sum_logprobs / (len(hyp) ** length_penalty)
    for logp, length, alpha in [(-6.0, 4, 1.0), (-3.0, 2, 0.0), (-10.0, 12, 0.6)]:
        assert D.length_normalized_score(logp, length, alpha) == pytest.approx(logp / (length ** alpha))


@pytest.mark.parametrize("call,value", docstring_examples(D))
def test_docstring_examples(call, value):
    check_example(D, call, value)
