"""answers.embeddings: the one-hot lookup against nn.Embedding / F.embedding (values and
gradients), skip-gram training on a synthetic corpus written here, and static vs
contextual vectors."""

from __future__ import annotations

import random
import time

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from answers.embeddings import (
    build_word_vocab,
    contextual_vs_static,
    nearest_neighbours,
    one_hot_lookup,
    skipgram_pairs,
    train_embeddings,
)

# ----------------------------------------------------------------------------- lookup


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("shape", [(5,), (2, 7), (3, 2, 4)])
def test_one_hot_lookup_equals_embedding_values_and_grads(dtype, shape):
    V, d = 11, 6
    g = torch.Generator().manual_seed(0)
    emb = nn.Embedding(V, d, dtype=dtype)
    with torch.no_grad():
        emb.weight.copy_(torch.randn(V, d, generator=g, dtype=dtype))
    ids = torch.randint(0, V, shape, generator=g)
    ids.view(-1)[0] = 3  # id 3 is used at least twice
    ids.view(-1)[-1] = 3
    upstream = torch.randn(*shape, d, generator=g, dtype=dtype)  # dL/d(output)

    W = emb.weight.detach().clone().requires_grad_()
    ours = one_hot_lookup(ids, W)
    (ours * upstream).sum().backward()
    ref = emb(ids)
    (ref * upstream).sum().backward()

    assert ours.shape == (*shape, d)
    torch.testing.assert_close(ours, ref)
    torch.testing.assert_close(ours, F.embedding(ids, emb.weight))
    torch.testing.assert_close(W.grad, emb.weight.grad)
    used = torch.zeros(V, dtype=torch.bool)
    used[ids.unique()] = True
    assert (W.grad[~used] == 0).all()  # rows never looked up get no gradient
    assert (W.grad[used].abs().sum(-1) > 0).all()
    # a row used twice accumulates both upstream gradients
    torch.testing.assert_close(W.grad[3], upstream[ids == 3].sum(0))


def test_one_hot_lookup_by_hand():
    W = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert one_hot_lookup(torch.tensor([2, 0]), W).tolist() == [[5.0, 6.0], [1.0, 2.0]]


# ----------------------------------------------------------------------------- vocab and pairs


def test_vocab_order_and_pairs_by_hand():
    assert build_word_vocab(["b a", "a c"]) == {"a": 0, "b": 1, "c": 2}
    pairs = skipgram_pairs(["a b c"], {"a": 0, "b": 1, "c": 2}, window=1)
    assert pairs.tolist() == [[0, 1], [1, 0], [1, 2], [2, 1]]
    assert len(skipgram_pairs(["a b c d"], {w: i for i, w in enumerate("abcd")}, window=2)) == 2 + 3 + 3 + 2


# ----------------------------------------------------------------------------- training

ANIMALS = ["cat", "dog", "horse", "cow", "sheep", "goat"]
FOODS = ["pizza", "bread", "soup", "cheese", "apple", "rice"]
ANIMAL_TEMPLATES = [
    "the {} runs in the field",
    "a {} sleeps in the barn",
    "the farmer feeds the {}",
    "my {} wags its tail",
    "the {} chases the ball",
]
FOOD_TEMPLATES = [
    "i eat {} for dinner",
    "the {} is hot and tasty",
    "we cook {} in the kitchen",
    "a plate of fresh {}",
    "mom bakes {} on sunday",
]


def _corpus(n: int = 300, seed: int = 0) -> list[str]:
    """Animals and foods never share a template, so only their contexts tell them apart."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            out.append(rng.choice(ANIMAL_TEMPLATES).format(rng.choice(ANIMALS)))
        else:
            out.append(rng.choice(FOOD_TEMPLATES).format(rng.choice(FOODS)))
    return out


def _same_group_share(vocab, weight, k=3) -> float:
    """Share of each group word's k nearest group words (by cosine) that are in its own group."""
    words = ANIMALS + FOODS
    hits = total = 0
    for w in words:
        group = ANIMALS if w in ANIMALS else FOODS
        for n, _ in nearest_neighbours(w, vocab, weight, k=k, candidates=words):
            hits += n in group
            total += 1
    return hits / total


@pytest.fixture(scope="module")
def trained():
    start = time.perf_counter()
    result = train_embeddings(_corpus(), dim=16, epochs=10, seed=0)
    return result, time.perf_counter() - start


def test_training_groups_words_by_context(trained):
    result, seconds = trained
    before = _same_group_share(result.vocab, result.before)
    after = _same_group_share(result.vocab, result.after)
    assert before < 0.6  # random vectors: about 5/11 by chance
    assert after >= 0.9
    assert after - before >= 0.3
    assert result.losses[-1] < result.losses[0]
    assert seconds < 30


def test_training_result_layout(trained):
    result, _ = trained
    V = len(result.vocab)
    assert result.before.shape == result.after.shape == (V, 16)
    assert sorted(result.vocab.values()) == list(range(V))
    assert result.words[0] == "the"  # the most frequent word gets id 0
    assert not torch.equal(result.before, result.after)


def test_training_is_deterministic_for_a_seed():
    a = train_embeddings(_corpus(40), dim=8, epochs=2, seed=3)
    b = train_embeddings(_corpus(40), dim=8, epochs=2, seed=3)
    c = train_embeddings(_corpus(40), dim=8, epochs=2, seed=4)
    assert torch.equal(a.after, b.after) and a.losses == b.losses
    assert not torch.equal(a.after, c.after)


def test_nearest_neighbours_by_hand():
    vocab = {"a": 0, "b": 1, "c": 2, "d": 3}
    W = torch.tensor([[1.0, 0.0], [2.0, 0.1], [0.0, 1.0], [0.0, 3.0]])
    nn_a = nearest_neighbours("a", vocab, W, k=2)
    assert [w for w, _ in nn_a] == ["b", "c"]  # c and d tie at cosine 0: alphabetical
    assert nn_a[0][1] == pytest.approx(2 / (4 + 0.01) ** 0.5)
    assert nearest_neighbours("c", vocab, W, k=1) == [("d", pytest.approx(1.0))]
    assert [w for w, _ in nearest_neighbours("a", vocab, W, k=5, candidates=["c", "d", "a"])] == ["c", "d"]


# ----------------------------------------------------------------------------- contextual


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_static_equal_contextual_different(seed):
    r = contextual_vs_static(seed=seed)
    assert r["positions"] == [4, 4]
    assert r["static"][0] == r["static"][1]
    assert r["static_cosine"] == pytest.approx(1.0)
    assert r["contextual_cosine"] < 0.99


def test_russian_mouse_at_different_positions():
    r = contextual_vs_static("мышь", ("кошка поймала мышь", "я купил новую компьютерную мышь"), seed=0)
    assert r["positions"] == [2, 4]
    assert r["static_cosine"] == pytest.approx(1.0)
    assert r["contextual_cosine"] < 0.99


def test_identical_contexts_give_identical_contextual_vectors():
    ctx = "the cat chased the mouse"
    r = contextual_vs_static(contexts=(ctx, ctx), seed=0)
    assert r["contextual"][0] == r["contextual"][1]
    assert r["contextual_cosine"] == pytest.approx(1.0)


def test_contextual_does_not_touch_global_rng():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    contextual_vs_static(seed=5)
    torch.testing.assert_close(torch.rand(3), expected)
