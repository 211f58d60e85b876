"""answers.walkthrough against a pure-Python recomputation (loops and math.exp) and
against torch's own attention."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from answers.walkthrough import document_softmax_check, permutation_equivariance, pizza_walkthrough


def _matvec_rows(X, W):
    """X W^T with lists: row i is W x_i."""
    return [[sum(w_r[c] * x[c] for c in range(len(x))) for w_r in W] for x in X]


def _py_softmax(xs):
    top = max(xs)
    e = [math.exp(x - top) for x in xs]
    return [v / sum(e) for v in e]


@pytest.mark.parametrize("seed", [None, 0, 1])
def test_walkthrough_matches_pure_python(seed):
    r = pizza_walkthrough(seed=seed)
    X = r["embeddings"]
    Q, K, V = _matvec_rows(X, r["W_Q"]), _matvec_rows(X, r["W_K"]), _matvec_rows(X, r["W_V"])
    d_k = len(Q[0])
    scores = [[sum(a * b for a, b in zip(q, k)) for k in K] for q in Q]
    scaled = [[s / math.sqrt(d_k) for s in row] for row in scores]
    weights = [_py_softmax(row) for row in scaled]
    outputs = [[sum(w[j] * V[j][c] for j in range(3)) for c in range(len(V[0]))] for w in weights]
    for key, ref in [("Q", Q), ("K", K), ("V", V), ("scores", scores), ("scaled_scores", scaled), ("weights", weights), ("outputs", outputs)]:
        torch.testing.assert_close(torch.tensor(r[key], dtype=torch.float64), torch.tensor(ref, dtype=torch.float64), msg=key)
    i = r["tokens"].index("пиццу")
    assert r["tokens"] == ["я", "хочу", "пиццу"] and r["query_token"] == "пиццу"
    assert r["pizza_weights"] == r["weights"][i] and r["pizza_output"] == r["outputs"][i]
    assert r["pizza_scores"] == r["scores"][i] and r["pizza_scaled_scores"] == r["scaled_scores"][i]
    assert r["scale"] == math.sqrt(d_k) == 2.0
    assert sum(r["pizza_weights"]) == pytest.approx(1.0, abs=1e-12)


def test_walkthrough_matches_torch_sdpa():
    r = pizza_walkthrough()
    Q, K, V = (torch.tensor(r[n])[None, None] for n in ("Q", "K", "V"))  # (1, 1, 3, 4)
    torch.testing.assert_close(F.scaled_dot_product_attention(Q, K, V)[0, 0], torch.tensor(r["outputs"]))


def test_walkthrough_hand_set_story():
    """With the hand-set numbers the query "пиццу" scores [1.1, 2.2, 0.5] (by hand: Q = [1, 2, 0, 0.2])
    and so attends most to "хочу"."""
    r = pizza_walkthrough()
    assert r["Q"][2] == pytest.approx([1.0, 2.0, 0.0, 0.2])
    assert r["pizza_scores"] == pytest.approx([1.1, 2.2, 0.5])
    w = r["pizza_weights"]
    assert max(range(3), key=w.__getitem__) == 1
    assert w == pytest.approx(_py_softmax([0.55, 1.1, 0.25]))


def test_walkthrough_other_sizes_need_a_seed():
    assert len(pizza_walkthrough(seed=3, d_model=6)["pizza_output"]) == 6
    with pytest.raises(ValueError):
        pizza_walkthrough(d_model=6)


def test_document_softmax_numbers():
    r = document_softmax_check()
    assert r["scores"] == [5.2, 8.7, 2.1]
    ref = _py_softmax([5.2, 8.7, 2.1])
    assert r["computed_weights"] == pytest.approx(ref, abs=1e-12)
    assert [round(w, 3) for w in r["computed_weights"]] == [0.029, 0.969, 0.001]
    assert torch.tensor(r["computed_weights"]).tolist() == pytest.approx(torch.softmax(torch.tensor([5.2, 8.7, 2.1], dtype=torch.float64), 0).tolist())
    # the document's vector is far from the softmax of its own scores
    assert r["document_weights"] == [0.15, 0.82, 0.03]
    assert max(abs(a - b) for a, b in zip(r["computed_weights"], r["document_weights"])) > 0.1
    assert [round(w, 2) for w in r["weights_scaled_by_sqrt_4"]] == [0.14, 0.83, 0.03]


def test_document_weight_vectors_cannot_share_a_query():
    r = document_softmax_check()
    assert r["score_gaps_first"] == pytest.approx([math.log(2), math.log(3)])
    assert r["score_gaps_second"] == pytest.approx([math.log(0.82 / 0.15), math.log(5)])
    assert r["same_query_possible"] is False
    # brute force over temperatures: no T makes softmax(s / T) hit both vectors (to 2 decimals)
    s = [math.log(w) for w in r["first_weights"]]  # one score vector that gives the first weights
    for t in [x / 100 for x in range(5, 1000)]:
        w = _py_softmax([v / t for v in s])
        assert [round(v, 2) for v in w] != r["document_weights"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_permutation_equivariance_pizza(seed):
    r = permutation_equivariance(seed=seed)
    assert r["tokens"] == ["я", "хочу", "пиццу"] and r["permuted_tokens"] == ["пиццу", "хочу", "я"]
    assert r["max_row_error_without_pe"] < 1e-12
    assert r["max_pooled_error_without_pe"] < 1e-12
    assert r["max_row_error_with_pe"] > 1e-3
    assert r["max_pooled_error_with_pe"] > 1e-3


def test_permutation_equivariance_longer_sentence_custom_perm():
    r = permutation_equivariance("the cat sat on the mat today", perm=[3, 0, 6, 1, 5, 2, 4], d_model=12, num_heads=3, seed=5)
    assert r["permuted_tokens"] == ["on", "the", "today", "cat", "mat", "sat", "the"]
    assert r["max_row_error_without_pe"] < 1e-12 < 1e-3 < r["max_row_error_with_pe"]
    with pytest.raises(ValueError):
        permutation_equivariance(perm=[0, 0, 1])
