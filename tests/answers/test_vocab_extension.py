"""Vocabulary extension: sentencepiece pieces, embedding resize, tied LM outputs.

References: the parsed ModelProto and the sentencepiece processor, the old
embedding rows, and the softmax identity p_new = p_old * Z_old / (Z_old + Z_added).
"""

import random

import pytest
import sentencepiece as spm
import torch
import torch.nn as nn
from sentencepiece import sentencepiece_model_pb2 as pb2

from answers.tokenizers.spm import train_sentencepiece
from answers.vocab_extension import TiedLM, add_tokens, extend_tied_lm, resize_embeddings

WORDS = ["пациент", "получил", "лечение", "врач", "назначил", "препарат", "анализ",
         "the", "patient", "took", "drug", "doctor", "test", "dose"]


@pytest.fixture(scope="module")
def proto() -> bytes:
    rng = random.Random(0)
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))) for _ in range(300)]
    return train_sentencepiece(lines, 300, model_type="bpe")


def _pieces(model_proto: bytes):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    return [(p.piece, p.type, p.score) for p in model.pieces]


NEW = ["азитромицин", "COVID-19", "mRNA", "[USER]"]


def test_old_pieces_and_ids_unchanged(proto):
    extended = add_tokens(proto, NEW)
    old, new = _pieces(proto), _pieces(extended)
    assert new[: len(old)] == old
    user = pb2.ModelProto.SentencePiece.Type.USER_DEFINED
    assert new[len(old):] == [(t, user, 0.0) for t in NEW]
    sp_old = spm.SentencePieceProcessor(model_proto=proto)
    sp_new = spm.SentencePieceProcessor(model_proto=extended)
    assert sp_new.get_piece_size() == sp_old.get_piece_size() + len(NEW)
    text = "врач назначил препарат the doctor took a test"
    assert sp_new.encode(text) == sp_old.encode(text)


def test_each_new_token_is_one_piece(proto):
    sp_old = spm.SentencePieceProcessor(model_proto=proto)
    sp = spm.SentencePieceProcessor(model_proto=add_tokens(proto, NEW))
    base = sp_old.get_piece_size()
    for k, token in enumerate(NEW):
        assert len(sp_old.encode(token, out_type=str)) > 2            # fragments before
        text = f"врач назначил {token} пациент"
        ids = sp.encode(text)
        assert ids.count(base + k) == 1
        assert sp.id_to_piece(base + k) == token
        assert sp.decode(ids) == text


def test_present_tokens_are_skipped(proto):
    sp = spm.SentencePieceProcessor(model_proto=proto)
    existing = sp.id_to_piece(sp.get_piece_size() - 1)
    extended = add_tokens(proto, ["mRNA", existing, "mRNA", "<unk>"])
    assert [p for p, _, _ in _pieces(extended)[len(_pieces(proto)):]] == ["mRNA"]
    assert add_tokens(extended, ["mRNA"]) == extended
    with pytest.raises(ValueError):
        add_tokens(proto, ["two words"])


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("padding_idx", [None, 0, 3])
@pytest.mark.parametrize("new_num_tokens", [7, 10, 14])
def test_resize_embeddings(dtype, padding_idx, new_num_tokens):
    torch.manual_seed(0)
    emb = nn.Embedding(10, 6, padding_idx=padding_idx, dtype=dtype)
    before = emb.weight.detach().clone()
    out = resize_embeddings(emb, new_num_tokens)
    assert out is not emb
    assert torch.equal(emb.weight, before) and emb.num_embeddings == 10          # input unchanged
    assert out.weight.shape == (new_num_tokens, 6)
    assert out.weight.dtype == dtype and out.weight.device == emb.weight.device
    assert out.padding_idx == padding_idx and out.weight.requires_grad
    keep = min(10, new_num_tokens)
    assert torch.equal(out.weight[:keep], before[:keep])
    if new_num_tokens > 10:
        mean = before.sum(dim=0) / 10
        torch.testing.assert_close(out.weight[10:], mean.expand(new_num_tokens - 10, 6))


def test_resize_keeps_padding_behaviour():
    emb = nn.Embedding(5, 3, padding_idx=1)
    out = resize_embeddings(emb, 8)
    out(torch.tensor([1, 6])).sum().backward()
    assert torch.equal(out.weight.grad[1], torch.zeros(3))      # no gradient to the padding row
    assert out.weight.grad[6].abs().sum() > 0
    with pytest.raises(ValueError):
        resize_embeddings(emb, 1)                               # would drop the padding row
    with pytest.raises(ValueError):
        resize_embeddings(emb, 0)


def test_tied_lm_head_is_the_embedding():
    model = TiedLM(11, 4, dtype=torch.float64)
    ids = torch.tensor([[1, 2, 3]])
    h = model.hidden(ids)                                       # (1, 3, 4)
    torch.testing.assert_close(model(ids), h @ model.embedding.weight.T)
    model.extend(3)
    assert model(ids).shape == (1, 3, 14)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("seed", [0, 1])
def test_extend_tied_lm_exact_old_logits(dtype, seed):
    V, k = 40, 5
    r = extend_tied_lm(vocab_size=V, d_model=12, num_new=k, seed=seed, dtype=dtype)
    old_logits, new_logits = r["old_logits"], r["new_logits"]
    assert new_logits.shape == old_logits.shape[:-1] + (V + k,)
    assert torch.equal(new_logits[..., :V], old_logits)           # exactly
    assert r["max_logit_change"] == 0.0
    # mean-initialised rows: each new logit is the mean of the old logits
    mean_logit = old_logits.mean(dim=-1, keepdim=True)
    torch.testing.assert_close(new_logits[..., V:], mean_logit.expand(*mean_logit.shape[:-1], k))
    # old probabilities shrink by one common factor, the mass the new tokens take
    mass = r["new_token_mass"]
    torch.testing.assert_close(r["new_probs"][..., :V], r["old_probs"] * (1 - mass)[..., None])
    assert r["max_prob_change"] > 0 and bool((mass > 0).all())
    torch.testing.assert_close(r["shrink_factor"], 1 - mass)
    assert r["argmax_unchanged"]


def test_extend_tied_lm_random_weights_are_close():
    r = extend_tied_lm(vocab_size=64, d_model=16, exact_weights=False, dtype=torch.float32)
    torch.testing.assert_close(r["new_logits"][..., :64], r["old_logits"])
    assert r["max_logit_change"] < 1e-4
