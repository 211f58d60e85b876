"""Embeddings: a lookup is a one-hot matmul; training one from scratch; static vs contextual.

* `one_hot_lookup(ids, W)` = one_hot(ids) @ W, which is what nn.Embedding does
  without building the one-hot matrix: row ids[i] of W. Only the rows that were
  looked up get a gradient.
      W = [[1, 2], [3, 4], [5, 6]], ids = [2, 0] -> [[5, 6], [1, 2]]
* `train_embeddings` trains word vectors with skip-gram and negative sampling
  (word2vec, Mikolov et al. 2013) on a list of sentences, CPU, seconds.
* `nearest_neighbours` ranks words by cosine similarity.
* `contextual_vs_static`: a static table gives "mouse" one vector in every
  sentence; one self-attention layer over embeddings + positions gives it a
  different vector in "the cat chased the mouse" and in "she clicked the computer mouse".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from answers.attention import MultiHeadSelfAttention
from answers.positional import sinusoidal_positional_encoding


def one_hot_lookup(ids: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """one_hot(ids) @ weight: ids (...) int64, weight (V, d) -> (..., d), equal to F.embedding(ids, weight)."""
    V = weight.shape[0]
    one_hot = F.one_hot(ids, num_classes=V).to(weight.dtype)  # (..., V) a single 1 per row
    return one_hot @ weight  # (..., d) picks row ids[...] of weight


def build_word_vocab(sentences: list[str]) -> dict[str, int]:
    """Words of the whitespace-split sentences, by frequency descending, ties alphabetical.

    `build_word_vocab(["b a", "a c"])` -> {"a": 0, "b": 1, "c": 2}.
    """
    counts = Counter(w for s in sentences for w in s.split())
    ordered = sorted(counts, key=lambda w: (-counts[w], w))
    return {w: i for i, w in enumerate(ordered)}


def skipgram_pairs(sentences: list[str], vocab: dict[str, int], window: int = 2) -> torch.Tensor:
    """(center, context) id pairs for every word and every neighbour within `window`.

    `skipgram_pairs(["a b c"], {"a": 0, "b": 1, "c": 2}, window=1)`
    -> [[0, 1], [1, 0], [1, 2], [2, 1]].
    """
    pairs = []
    for s in sentences:
        ids = [vocab[w] for w in s.split()]
        for i, center in enumerate(ids):
            for j in range(max(0, i - window), min(len(ids), i + window + 1)):
                if j != i:
                    pairs.append((center, ids[j]))
    return torch.tensor(pairs, dtype=torch.long).reshape(-1, 2)  # (N, 2)


@dataclass
class EmbeddingResult:
    """What `train_embeddings` returns: the vocabulary, the input embedding matrix
    before and after training (V, dim), and the mean loss of each epoch."""

    vocab: dict[str, int]
    before: torch.Tensor
    after: torch.Tensor
    losses: list[float] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """Words in id order."""
        return sorted(self.vocab, key=self.vocab.__getitem__)


def train_embeddings(
    sentences: list[str],
    dim: int = 16,
    epochs: int = 30,
    seed: int = 0,
    window: int = 2,
    negatives: int = 5,
    lr: float = 0.02,
    batch_size: int = 256,
) -> EmbeddingResult:
    """Skip-gram with negative sampling, from scratch, deterministic for a seed.

    Each (center w, context c) pair pushes sigma(u_c . v_w) up and, for
    `negatives` words n drawn from the unigram distribution raised to 0.75,
    pushes sigma(u_n . v_w) down:
        loss = -log sigma(u_c . v_w) - sum_n log sigma(-u_n . v_w).
    v (the input table) is returned as the embedding; u (the output table) is
    thrown away, as in word2vec. Words that share contexts end up with similar v.
    """
    g = torch.Generator().manual_seed(seed)
    vocab = build_word_vocab(sentences)
    V = len(vocab)
    pairs = skipgram_pairs(sentences, vocab, window)  # (N, 2)
    counts = torch.zeros(V)
    for s in sentences:
        for w in s.split():
            counts[vocab[w]] += 1
    noise = counts**0.75 / (counts**0.75).sum()  # (V,) negative-sampling distribution

    W_in = (torch.randn(V, dim, generator=g) / dim**0.5).requires_grad_()  # (V, dim) v: the embeddings
    W_out = (torch.randn(V, dim, generator=g) / dim**0.5).requires_grad_()  # (V, dim) u: context vectors
    before = W_in.detach().clone()
    opt = torch.optim.Adam([W_in, W_out], lr=lr)
    losses = []
    for _ in range(epochs):
        order = torch.randperm(len(pairs), generator=g)
        total = 0.0
        for start in range(0, len(pairs), batch_size):
            batch = pairs[order[start : start + batch_size]]  # (b, 2)
            center, context = batch[:, 0], batch[:, 1]  # (b,), (b,)
            neg = torch.multinomial(noise, len(batch) * negatives, replacement=True, generator=g)
            neg = neg.view(len(batch), negatives)  # (b, negatives)
            v = W_in[center]  # (b, dim)
            pos_logit = (v * W_out[context]).sum(-1)  # (b,)
            neg_logit = torch.einsum("bd,bkd->bk", v, W_out[neg])  # (b, negatives)
            loss = -(F.logsigmoid(pos_logit) + F.logsigmoid(-neg_logit).sum(-1)).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(batch)
        losses.append(total / len(pairs))
    return EmbeddingResult(vocab=vocab, before=before, after=W_in.detach().clone(), losses=losses)


def nearest_neighbours(
    word: str, vocab: dict[str, int], weight: torch.Tensor, k: int = 5, candidates: list[str] | None = None
) -> list[tuple[str, float]]:
    """The k words with the highest cosine similarity to `word` (itself excluded),
    ties broken alphabetically; `candidates` restricts the search to those words.

    With rows a = [1, 0], b = [2, 0.1], c = [0, 1]:
    `nearest_neighbours("a", {"a": 0, "b": 1, "c": 2}, W, k=2)` -> [("b", 0.9988), ("c", 0.0)].
    """
    unit = F.normalize(weight.detach().double(), dim=-1)  # (V, d) rows of length 1
    sims = unit @ unit[vocab[word]]  # (V,) cosine with every word
    pool = vocab if candidates is None else candidates
    ranked = sorted(((w, sims[vocab[w]].item()) for w in pool if w != word), key=lambda t: (-t[1], t[0]))
    return ranked[:k]


def _cosine(a: torch.Tensor, b: torch.Tensor) -> float:
    return F.cosine_similarity(a, b, dim=-1).item()


def contextual_vs_static(
    word: str = "mouse",
    contexts: tuple[str, str] = ("the cat chased the mouse", "she clicked the computer mouse"),
    d_model: int = 16,
    num_heads: int = 2,
    seed: int = 0,
) -> dict:
    """Cosine between the two occurrences of `word`, statically and in context.

    A seeded random embedding table plus sinusoidal positions feeds one seeded
    (untrained) MultiHeadSelfAttention layer; its output at the word's position is
    the contextual vector. The static vectors are the table rows: identical, so
    their cosine is 1. The contextual cosine is below 1 because the word attends
    to different neighbours. The default contexts put "mouse" at the same
    position (4), so the difference comes from the neighbours, not the position.
    """
    sentences = [c.split() for c in contexts]
    vocab = build_word_vocab(list(contexts))
    g = torch.Generator().manual_seed(seed)
    table = torch.randn(len(vocab), d_model, generator=g, dtype=torch.float64)  # (V, d) static embeddings
    with torch.random.fork_rng(devices=[]):  # seed the layer without touching the global RNG
        torch.manual_seed(seed)
        attn = MultiHeadSelfAttention(d_model, num_heads).double()

    positions, static, contextual = [], [], []
    for words in sentences:
        pos = words.index(word)
        ids = torch.tensor([vocab[w] for w in words])  # (T,)
        x = table[ids]  # (T, d) static vectors
        x_pos = x + sinusoidal_positional_encoding(len(words), d_model, dtype=torch.float64)  # (T, d)
        with torch.no_grad():
            h = attn(x_pos[None])[0]  # (T, d) contextual vectors
        positions.append(pos)
        static.append(x[pos])
        contextual.append(h[pos])
    return {
        "word": word,
        "contexts": list(contexts),
        "positions": positions,
        "static_cosine": _cosine(static[0], static[1]),
        "contextual_cosine": _cosine(contextual[0], contextual[1]),
        "static": [v.tolist() for v in static],
        "contextual": [v.tolist() for v in contextual],
    }
