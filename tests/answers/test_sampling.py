"""answers.sampling: the filtered distribution against a per-token rule written out by hand (pairwise
masses, no sorting), the docstring's example, ties at both boundaries, and the draws over many samples
(frequencies within a stated bound, filtered tokens never drawn, the seed reproduces, the global RNG untouched)."""

import math

import pytest
import torch

from answers.sampling import filtered_probs, sample


def rule(logits_row, temperature=1.0, top_k=None, top_p=None):
    """One row, token by token in plain Python: the statement's rules read literally."""
    scores = [x / temperature for x in logits_row]
    V = len(scores)
    keep = [True] * V
    if top_k is not None and top_k < V:
        kth = sorted(scores, reverse=True)[top_k - 1]
        keep = [s >= kth for s in scores]
    m = max(s for s, k in zip(scores, keep) if k)
    e = [math.exp(s - m) if k else 0.0 for s, k in zip(scores, keep)]
    probs = [x / sum(e) for x in e]
    if top_p is not None and top_p < 1.0:
        mass_above = [sum(q for q in probs if q > p) for p in probs]
        probs = [p if p > 0 and mass_above[i] < top_p else 0.0 for i, p in enumerate(probs)]
        probs = [p / sum(probs) for p in probs]
    return probs


CASES = [dict(), dict(temperature=0.5), dict(temperature=2.0), dict(top_k=1), dict(top_k=3),
         dict(top_k=100), dict(top_p=0.3), dict(top_p=0.9), dict(top_p=1.0),
         dict(temperature=0.7, top_k=4, top_p=0.6), dict(temperature=1.5, top_k=5, top_p=0.8)]


@pytest.mark.parametrize("kwargs", CASES, ids=str)
@pytest.mark.parametrize("seed", range(4))
def test_filtered_probs_follow_the_rules(kwargs, seed):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(3, 9, generator=g, dtype=torch.float64) * 2
    got = filtered_probs(logits, **kwargs)
    for row, got_row in zip(logits.tolist(), got):
        expected = torch.tensor(rule(row, **kwargs), dtype=torch.float64)
        torch.testing.assert_close(got_row, expected, atol=1e-12, rtol=0)
        assert torch.equal(got_row == 0, expected == 0)  # dropped tokens are exactly 0


def test_docstring_example():
    logits = torch.tensor([0.5, 0.3, 0.15, 0.05], dtype=torch.float64).log()
    torch.testing.assert_close(filtered_probs(logits, top_k=2), torch.tensor([0.625, 0.375, 0, 0], dtype=torch.float64))
    torch.testing.assert_close(filtered_probs(logits, top_p=0.7), torch.tensor([0.625, 0.375, 0, 0],
                                                                                dtype=torch.float64))
    torch.testing.assert_close(filtered_probs(logits, top_p=0.5), torch.tensor([1.0, 0, 0, 0], dtype=torch.float64))


def test_ties_at_the_boundaries_are_all_kept():
    logits = torch.tensor([2.0, 1.0, 1.0, 1.0, 0.0], dtype=torch.float64)
    kept = filtered_probs(logits, top_k=2) > 0
    assert kept.tolist() == [True, True, True, True, False]  # more than k survive
    probs = torch.softmax(logits, -1)
    p = (probs[0] + 0.5 * probs[1]).item()  # crosses inside the tied block
    assert (filtered_probs(logits, top_p=p) > 0).tolist() == [True, True, True, True, False]


def test_temperature_equals_a_power_of_the_probabilities():
    """softmax(l / T) = p^(1/T) / sum p^(1/T): the two usual ways to apply T agree."""
    logits = torch.randn(4, 7, dtype=torch.float64)
    p = torch.softmax(logits, -1)
    for T in (0.3, 1.0, 2.5):
        powered = p ** (1 / T)
        torch.testing.assert_close(filtered_probs(logits, temperature=T), powered / powered.sum(-1, keepdim=True))


def test_top_p_runs_on_what_top_k_left():
    logits = torch.tensor([0.4, 0.3, 0.2, 0.1], dtype=torch.float64).log()
    # after top-k = 2 the first token holds 0.4 / 0.7 = 0.571 >= 0.5: it alone survives;
    # on the full distribution 0.4 < 0.5 would keep the second one too
    assert (filtered_probs(logits, top_k=2, top_p=0.5) > 0).tolist() == [True, False, False, False]


def test_temperature_must_be_positive():
    with pytest.raises(ValueError):
        filtered_probs(torch.zeros(3), temperature=0.0)


def test_frequencies_over_many_draws():
    """20 000 draws per row: every token within 6 standard errors of its probability; dropped ones never."""
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(3, 8, generator=g, dtype=torch.float64)
    n = 20_000
    for kwargs in (dict(), dict(temperature=0.6, top_k=5), dict(top_p=0.75)):
        probs = filtered_probs(logits, **kwargs)
        ids = sample(logits, seed=123, num_samples=n, **kwargs)
        assert ids.shape == (3, n) and ids.dtype == torch.int64
        for row in range(3):
            freq = torch.bincount(ids[row], minlength=8).double() / n
            bound = 6 * (probs[row] * (1 - probs[row]) / n).sqrt() + 1 / n
            assert ((freq - probs[row]).abs() <= bound).all()
            assert (freq[probs[row] == 0] == 0).all()


def test_the_seed_reproduces_and_the_global_rng_is_untouched():
    logits = torch.randn(2, 6)
    state = torch.get_rng_state()
    a = sample(logits, seed=7, num_samples=50)
    torch.manual_seed(999)  # changing the global RNG changes nothing
    b = sample(logits, seed=7, num_samples=50)
    c = sample(logits, seed=8, num_samples=50)
    assert torch.equal(a, b) and not torch.equal(a, c)
    torch.set_rng_state(state)
    sample(logits, seed=7)
    assert torch.equal(torch.get_rng_state(), state)


def test_any_leading_shape():
    ids = sample(torch.randn(2, 3, 5), seed=0, num_samples=4)
    assert ids.shape == (2, 3, 4)
    assert sample(torch.randn(5), seed=0).shape == (1,)
