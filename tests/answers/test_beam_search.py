"""answers.beam_search against independent implementations: exhaustive enumeration when the beam is
wide enough to keep everything, greedy decoding when it is 1, and hand-made tables that pin each convention."""

import itertools

import pytest
import torch

from answers.beam_search import beam_search


def exhaustive(table, bos, eos, max_len, alpha):
    """Every hypothesis a full-width beam can finish: sequences that end at their first eos, and
    eos-free sequences of exactly max_len tokens; best normalized score, ties to the smaller list."""
    V = len(table)
    best = None
    for n in range(1, max_len + 1):
        for seq in itertools.product(range(V), repeat=n):
            if eos in seq[:-1] or (seq[-1] != eos and n < max_len):
                continue
            score, prev = 0.0, bos
            for w in seq:
                score += table[prev][w]
                prev = w
            key = (-(score / n ** alpha), list(seq))
            if best is None or key < best:
                best = key
    return best[1], -best[0]


def greedy(table, bos, eos, max_len):
    seq, score, prev = [], 0.0, bos
    for _ in range(max_len):
        w = max(range(len(table)), key=lambda j: (table[prev][j], -j))  # highest, then smallest id
        seq.append(w)
        score += table[prev][w]
        prev = w
        if w == eos:
            break
    return seq, score


def random_table(V, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.log_softmax(torch.randn(V, V, generator=g, dtype=torch.float64) * 2, dim=-1)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("alpha", [0.0, 0.7, 1.0])
def test_a_beam_that_keeps_everything_is_exact_search(seed, alpha):
    V, max_len = 4, 4
    table = random_table(V, seed)
    got = beam_search(table, bos=0, eos=V - 1, beam_size=V ** max_len, max_len=max_len, alpha=alpha)
    tokens, score = exhaustive(table.tolist(), 0, V - 1, max_len, alpha)
    assert got[0] == tokens
    assert got[1] == pytest.approx(score, abs=1e-12)


@pytest.mark.parametrize("seed", range(12))
def test_beam_of_one_is_greedy(seed):
    table = random_table(6, seed)
    assert beam_search(table, bos=1, eos=2, beam_size=1, max_len=7) == greedy(table.tolist(), 1, 2, 7)


def test_docstring_example_a_wider_beam_beats_greedy():
    table = torch.tensor([[-5, -0.4, -1.1], [-5, -5, -3], [-1, -1, -1]], dtype=torch.float64)
    assert beam_search(table, 0, 2, beam_size=1, max_len=4) == ([1, 2], pytest.approx(-3.4))
    assert beam_search(table, 0, 2, beam_size=2, max_len=4) == ([2], pytest.approx(-1.1))


def test_length_normalization_prefers_the_longer_hypothesis():
    # bos = 0, eos = 1. [1] costs -2; [2, 3, 1] costs -2.4 raw but -0.8 per token.
    table = torch.full((4, 4), -50.0, dtype=torch.float64)
    table[0, 1], table[0, 2], table[2, 3], table[3, 1] = -2.0, -0.8, -0.8, -0.8
    assert beam_search(table, 0, 1, beam_size=2, max_len=3, alpha=0.0)[0] == [1]
    tokens, score = beam_search(table, 0, 1, beam_size=2, max_len=3, alpha=1.0)
    assert tokens == [2, 3, 1] and score == pytest.approx(-0.8)


def test_ties_go_to_the_smaller_token_list():
    table = torch.full((5, 5), -1.0, dtype=torch.float64)  # every continuation equally good
    assert beam_search(table, 0, 4, beam_size=5, max_len=3) == ([4], -1.0)  # the shortest, finished at step 1
    assert beam_search(table, 0, 4, beam_size=2, max_len=3) == ([0, 0, 0], -3.0)  # [0], [1] keep the beam
    table[:, 4] = -10.0  # eos expensive: the three-token hypotheses tie, the smallest list wins
    assert beam_search(table, 0, 4, beam_size=3, max_len=3) == ([0, 0, 0], -3.0)


def test_a_finished_hypothesis_leaves_the_beam():
    """beam 2; after step 1 [1] (eos) finishes, so only [2] continues: the beam shrinks to 1
    and [3, ...] (third at step 1) is never explored, although it would win."""
    table = torch.full((5, 5), -20.0, dtype=torch.float64)
    table[0, 1], table[0, 2], table[0, 3] = -1.2, -1.5, -2.0   # bos = 0, eos = 1
    table[2, 1] = -9.0                                       # [2, 1] = -10.5
    table[3, 1] = -0.1                                       # [3, 1]: -2.1 / 2 beats [1]: -1.2
    tokens, _ = beam_search(table, 0, 1, beam_size=2, max_len=2, alpha=1.0)
    assert tokens == [1]
    # a beam that refilled its slots (Hugging Face style) would have found [3, 1]
    assert exhaustive(table.tolist(), 0, 1, 2, 1.0)[0] == [3, 1]


def test_unfinished_hypotheses_compete_at_max_len():
    table = torch.full((3, 3), -1.0, dtype=torch.float64)
    table[:, 2] = -100.0  # eos = 2 never worth it
    assert beam_search(table, 0, 2, beam_size=2, max_len=2) == ([0, 0], -2.0)
