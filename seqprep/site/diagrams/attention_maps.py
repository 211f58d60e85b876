"""Attention maps of a tiny model trained at build time on a copy task (seconds on a CPU).

The model is one causal `answers.attention.MultiHeadSelfAttention` layer (2 heads,
d_model = 32) over token embeddings plus `answers.positional` sinusoidal
positions, with a residual connection and a linear head. A training sequence is
n random words, "=", then the same words again; after "=" the model must predict
the next word of the copy, so the query at position p has to look n positions
back. Training is seeded and single-threaded, so the maps are the same on every
build; `compute()` also reports the copy accuracy on fresh sequences.

The figure shows, for the copy half of «я хочу большую вкусную пиццу = я хочу
большую вкусную» (English pages: the same words' twins), where each query looks:
an off-diagonal stripe n positions back, learned rather than built in.
"""

from __future__ import annotations

from .base import Figure
from .style import word

WORDS = ["я", "хочу", "большую", "вкусную", "пиццу"]
N, VOCAB, D_MODEL, HEADS, STEPS, BATCH, SEED = len(WORDS), 16, 32, 2, 200, 64, 0
SEP = 0  # id of "="; words are ids 1 .. VOCAB-1
TEXT = {
    "ru": {"head": "голова {h}", "query": "запрос", "key": "ключ", "weight": "вес внимания"},
    "en": {"head": "head {h}", "query": "query", "key": "key", "weight": "attention weight"},
}


def _batch(generator, size: int):
    import torch

    w = torch.randint(1, VOCAB, (size, N), generator=generator)  # (B, n)
    ids = torch.cat([w, torch.full((size, 1), SEP), w[:, :-1]], dim=1)  # (B, 2n) words, "=", the copy so far
    return ids, w


def train_copy_model(steps: int = STEPS, seed: int = SEED):
    """(model, accuracy): the trained model and its copy accuracy on 512 fresh sequences."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    from answers.attention import MultiHeadSelfAttention, causal_mask
    from answers.positional import sinusoidal_positional_encoding

    T = 2 * N

    class CopyModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(VOCAB, D_MODEL)
            self.attn = MultiHeadSelfAttention(D_MODEL, HEADS)
            self.head = nn.Linear(D_MODEL, VOCAB)
            self.register_buffer("pe", sinusoidal_positional_encoding(T, D_MODEL))  # (T, d)
            self.register_buffer("mask", causal_mask(T))  # (T, T) True = may attend

        def forward(self, ids):  # ids (B, T) -> logits (B, T, V), weights (B, nh, T, T)
            x = self.emb(ids) + self.pe  # (B, T, d)
            y, weights = self.attn(x, self.mask, return_weights=True)  # (B, T, d), (B, nh, T, T)
            return self.head(x + y), weights

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the same float sums on every machine
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            model = CopyModel()
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        g = torch.Generator().manual_seed(seed)
        for _ in range(steps):
            ids, target = _batch(g, BATCH)
            logits, _ = model(ids)  # (B, 2n, V)
            loss = F.cross_entropy(logits[:, N:].reshape(-1, VOCAB), target.reshape(-1))  # the copy half only
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            ids, target = _batch(g, 512)
            logits, _ = model(ids)
            accuracy = (logits[:, N:].argmax(-1) == target).float().mean().item()
    finally:
        torch.set_num_threads(threads)
    return model, accuracy


def compute():
    import torch

    model, accuracy = train_copy_model()
    ids = torch.tensor([list(range(1, N + 1)) + [SEP] + list(range(1, N))])  # (1, 2n)
    with torch.no_grad():
        _, weights = model(ids)  # (1, nh, 2n, 2n)
    tokens = WORDS + ["="] + WORDS[:-1]
    return {"tokens": tokens, "weights": weights[0, :, N:].tolist(), "accuracy": accuracy}


def draw(data, lang):
    from .base import plt

    pyplot = plt()
    t = TEXT[lang]
    tokens = [word(w, lang) for w in data["tokens"]]
    queries = tokens[N:]
    weights = data["weights"]
    fig, axes = pyplot.subplots(1, len(weights), figsize=(7.1, 3.0), layout="constrained")
    fig.get_layout_engine().set(w_pad=0.08, h_pad=0.08)
    image = None
    for h, (ax, w) in enumerate(zip(axes, weights)):
        image = ax.imshow(w, cmap="viridis", vmin=0, vmax=1, aspect="equal")
        ax.set_title(t["head"].format(h=h + 1))
        ax.set_xticks(range(len(tokens)), tokens, rotation=60, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(len(queries)), queries if h == 0 else [""] * len(queries))
        ax.set_xlabel(t["key"])
        for spine in ax.spines.values():
            spine.set_visible(False)
    axes[0].set_ylabel(t["query"])
    bar = fig.colorbar(image, ax=list(axes), shrink=0.62, aspect=12, pad=0.02)
    bar.set_label(t["weight"])
    return fig


FIGURE = Figure("attention_heads", compute, draw, ("answers.attention", "answers.positional"))
