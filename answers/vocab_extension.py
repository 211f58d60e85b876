"""Extending a trained tokenizer and the model's embedding table.

Three steps, each a function:

* `add_tokens(model_proto, tokens)` appends new USER_DEFINED pieces to a
  sentencepiece model; old ids keep their pieces, so a model trained on the
  old ids still reads them correctly, and each new token encodes as one piece
  ("азитромицин" instead of 4-5 fragments);
* `resize_embeddings(emb, n)` grows (or shrinks) an `nn.Embedding`; the new
  rows start at the mean of the old rows, as transformers'
  `resize_token_embeddings(mean_resizing=True)` does;
* `extend_tied_lm(...)` shows what the extension does to a language model
  whose output head is tied to the embedding. For any input made of old
  tokens the hidden states are the same, so the first V logits are the same;
  but the softmax now normalises over V + k logits, so every old token's
  probability shrinks by one common factor Z_old / (Z_old + Z_new). With
  mean-initialised rows a new token's logit is h . mean(E) = the mean of the
  old logits, below the max, so the argmax does not change.
"""

from __future__ import annotations

from typing import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F


def add_tokens(model_proto: bytes, tokens: Sequence[str]) -> bytes:
    """Append `tokens` as USER_DEFINED pieces, in order, skipping any already present.

    Old ids are unchanged because pieces are only appended:
    `SentencePieceProcessor(model_proto=add_tokens(b, ["[USER]"]))` has
    "[USER]" at id `old_size` and encodes "[USER]" as that one piece.
    """
    from sentencepiece import sentencepiece_model_pb2 as pb2

    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    present = {p.piece for p in model.pieces}
    for token in tokens:
        if not token or any(ch.isspace() for ch in token):
            raise ValueError(f"token {token!r} must be non-empty and contain no whitespace")
        if token in present:
            continue
        piece = model.pieces.add()
        piece.piece = token
        piece.score = 0.0
        piece.type = pb2.ModelProto.SentencePiece.Type.USER_DEFINED
        present.add(token)
    return model.SerializeToString()


def resize_embeddings(emb: nn.Embedding, new_num_tokens: int) -> nn.Embedding:
    """A new nn.Embedding with `new_num_tokens` rows; the input module is left as it is.

    Rows 0 .. min(old, new) - 1 are copied; added rows are the mean of all old
    rows. dtype, device, padding_idx, max_norm and requires_grad are kept.
    Shrinking below padding_idx + 1 raises, since the padding row would be lost.
    """
    old_num_tokens, d = emb.weight.shape                       # (V, d)
    if new_num_tokens < 1:
        raise ValueError(f"new_num_tokens must be positive, got {new_num_tokens}")
    if emb.padding_idx is not None and emb.padding_idx >= new_num_tokens:
        raise ValueError(f"padding_idx={emb.padding_idx} does not fit in {new_num_tokens} rows")
    new = nn.Embedding(new_num_tokens, d, padding_idx=emb.padding_idx, max_norm=emb.max_norm,
                       norm_type=emb.norm_type, scale_grad_by_freq=emb.scale_grad_by_freq,
                       sparse=emb.sparse, device=emb.weight.device, dtype=emb.weight.dtype)
    keep = min(old_num_tokens, new_num_tokens)
    with torch.no_grad():
        new.weight[:keep] = emb.weight[:keep]                  # (keep, d)
        if new_num_tokens > old_num_tokens:
            new.weight[old_num_tokens:] = emb.weight.mean(dim=0)   # (new - old, d) <- (d,)
    new.weight.requires_grad_(emb.weight.requires_grad)
    return new


class TiedLM(nn.Module):
    """A tiny causal LM whose output head is the embedding table (weight tying).

        x = E[ids]                   (B, T, d)
        c = cumsum_t x               (B, T, d)   the bag of the tokens so far
        h = relu(W c)                (B, T, d)
        logits = h E^T               (B, T, V)
    """

    def __init__(self, vocab_size: int, d_model: int, device=None, dtype=None):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, d_model, device=device, dtype=dtype)
        self.mix = nn.Linear(d_model, d_model, bias=False, device=device, dtype=dtype)

    def hidden(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embedding(ids)                                # (B, T, d)
        c = x.cumsum(dim=1)                                    # (B, T, d)
        return F.relu(self.mix(c))                             # (B, T, d)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        h = self.hidden(ids)                                   # (B, T, d)
        return h @ self.embedding.weight.T                     # (B, T, V)

    def extend(self, num_new: int) -> "TiedLM":
        """Add `num_new` tokens (mean-initialised); the head follows because it is tied."""
        self.embedding = resize_embeddings(self.embedding, self.embedding.num_embeddings + num_new)
        return self


def extend_tied_lm(vocab_size: int = 50, d_model: int = 16, num_new: int = 4, batch: int = 2,
                   seq_len: int = 6, seed: int = 0, exact_weights: bool = True,
                   device="cpu", dtype=torch.float64) -> dict:
    """Extend a `TiedLM` by `num_new` tokens; compare outputs before and after on old-token inputs.

    Returns {"ids", "old_logits" (B,T,V), "new_logits" (B,T,V+k), "old_probs",
    "new_probs", "max_logit_change" (over the first V logits), "max_prob_change",
    "new_token_mass" (B,T) probability the new tokens take, "shrink_factor"
    (B,T) new_probs / old_probs for the old tokens, "argmax_unchanged"}.

    With `exact_weights` every weight is a multiple of 1/4 in [-1/2, 1/2], so
    every product and partial sum is exactly representable (float32 and
    float64), each old logit is exact whichever order the matrix product adds
    it in, and `max_logit_change` is exactly 0. With random real weights it is
    only ~1e-6 (float32): a product with a wider output may sum in another order.
    """
    gen = torch.Generator().manual_seed(seed)
    model = TiedLM(vocab_size, d_model, device=device, dtype=dtype)
    if exact_weights:
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(torch.randint(-2, 3, p.shape, generator=gen).to(p) / 4)
    else:
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64).to(p) * 0.3)
    ids = torch.randint(0, vocab_size, (batch, seq_len), generator=gen).to(device)   # (B, T)
    with torch.no_grad():
        old_logits = model(ids)                                # (B, T, V)
        model.extend(num_new)
        new_logits = model(ids)                                # (B, T, V + k)
    old_probs = old_logits.softmax(dim=-1)                     # (B, T, V)
    new_probs = new_logits.softmax(dim=-1)                     # (B, T, V + k)
    ratio = new_probs[..., :vocab_size] / old_probs            # (B, T, V), one value per row
    return {
        "model": model,
        "ids": ids,
        "old_logits": old_logits,
        "new_logits": new_logits,
        "old_probs": old_probs,
        "new_probs": new_probs,
        "max_logit_change": (new_logits[..., :vocab_size] - old_logits).abs().max().item(),
        "max_prob_change": (new_probs[..., :vocab_size] - old_probs).abs().max().item(),
        "new_token_mass": new_probs[..., vocab_size:].sum(dim=-1),          # (B, T)
        "shrink_factor": ratio.mean(dim=-1),                               # (B, T)
        "argmax_unchanged": bool((new_logits.argmax(-1) == old_logits.argmax(-1)).all()),
    }
