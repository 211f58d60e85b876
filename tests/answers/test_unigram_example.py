"""answers/unigram_example.py against sentencepiece and brute force: a Unigram ModelProto built with the
example's pieces and scores, encoded by sentencepiece's own Viterbi; every split point of the word
enumerated with itertools; the E-step's posterior from torch.softmax over those totals."""

from __future__ import annotations

import itertools

import pytest
import sentencepiece as spm
import torch
from bank_grids import bank_combos, check_example, docstring_examples
from sentencepiece import sentencepiece_model_pb2 as pb2

import answers.unigram_example as U


def sentencepiece_unigram(log_probs: dict[str, float]) -> spm.SentencePieceProcessor:
    model = pb2.ModelProto()
    model.trainer_spec.model_type = pb2.TrainerSpec.UNIGRAM
    model.trainer_spec.unk_id, model.trainer_spec.bos_id = 0, -1
    model.trainer_spec.eos_id, model.trainer_spec.pad_id = -1, -1
    model.normalizer_spec.name = "identity"
    model.normalizer_spec.add_dummy_prefix = False
    unk = model.pieces.add()
    unk.piece, unk.score, unk.type = "<unk>", 0.0, pb2.ModelProto.SentencePiece.UNKNOWN
    for piece, score in log_probs.items():
        entry = model.pieces.add()
        entry.piece, entry.score = piece, score
    return spm.SentencePieceProcessor(model_proto=model.SerializeToString())


def all_splits(word: str, log_probs: dict[str, float]) -> list[tuple[tuple[str, ...], float]]:
    """Every way to cut the word at a subset of its n - 1 gaps whose pieces are all in the vocabulary."""
    found = []
    for cuts in itertools.product([False, True], repeat=len(word) - 1):
        pieces, start = [], 0
        for gap, cut in enumerate(cuts, start=1):
            if cut:
                pieces.append(word[start:gap])
                start = gap
        pieces.append(word[start:])
        if all(p in log_probs for p in pieces):
            found.append((tuple(pieces), sum(log_probs[p] for p in pieces)))
    return found


def test_best_score_bank_grid():
    combos = bank_combos(U.tokens_best_score)
    assert combos
    for p in combos:
        vocab = U.tokens_vocabulary(**p)
        pieces = sentencepiece_unigram(vocab).encode(U.WORD, out_type=str)
        assert U.tokens_best_score(**p) == pytest.approx(sum(vocab[x] for x in pieces), abs=1e-12)
        assert U.tokens_best_score(**p) == pytest.approx(max(score for _, score in all_splits(U.WORD, vocab)),
                                                         abs=1e-12)
        assert "".join(U.tokens_best_pieces(**p)) == U.WORD


def test_the_grid_has_both_winners():
    winners = {U.tokens_best_pieces(**p) for p in bank_combos(U.tokens_best_score)}
    assert {("token", "s"), ("tok", "ens")} <= winners  # greedy longest-match would only ever give the first


@pytest.mark.parametrize("args", [(-8.0, -5.0, -5.0, -4.0), (-7.0, -6.0, -6.5, -3.0), (-9.0, -5.0, -4.5, -3.0)])
def test_segmentations_and_posterior(args):
    vocab = U.tokens_vocabulary(*args)
    expected = all_splits(U.WORD, vocab)
    assert sorted(U.segmentations(U.WORD, vocab)) == sorted(expected)
    weights = torch.softmax(torch.tensor([score for _, score in expected], dtype=torch.float64), 0)
    by_pieces = dict(zip((pieces for pieces, _ in expected), weights.tolist()))
    for pieces, weight in U.posterior(U.WORD, vocab):
        assert weight == pytest.approx(by_pieces[pieces], rel=1e-9)
    top, weight = U.tokens_posterior_top(*args)
    assert top == max(by_pieces, key=by_pieces.get) and weight == pytest.approx(by_pieces[top], rel=1e-9)


@pytest.mark.parametrize("call,value", docstring_examples(U))
def test_docstring_examples(call, value):
    check_example(U, call, value)
