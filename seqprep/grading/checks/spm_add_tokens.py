"""Hidden checks for `add_tokens(model_proto: bytes, tokens: list[str]) -> bytes`.

The grader trains two small sentencepiece models (BPE and Unigram, no byte
fallback, vocabularies of a hundred pieces, the identity normalizer, so a model
is about 2 KB instead of the 240 KB of NFKC's tables; a few ms each, cached per process)
with the reference `answers.tokenizers.spm.train_sentencepiece` on a corpus
written here, sends the serialized model, and parses what comes back with
`sentencepiece_model_pb2.ModelProto` (parsing a protobuf runs no code). Then:

    old pieces:   pieces[:n] have the same piece, score and type as before (ids unchanged)
    new pieces:   pieces[n:] == the new tokens in the order given, each USER_DEFINED
    skipping:     a token already present (a learned piece, <s>, a token repeated in the list) adds nothing
    loading:      SentencePieceProcessor(model_proto=result) loads, and "w1 TOKEN w2"
                  encodes TOKEN as the single new id

The expected piece list is the reference `answers.vocab_extension.add_tokens`.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Optional

import numpy as np

from . import Call, Check, first_problem
from ..compare import describe_type

FN = "add_tokens"
MAX_BYTES = 16 * 2**20

WORDS = ("рекуррентная сеть читает последовательность по одному токену и хранит скрытое состояние "
         "внимание позволяет каждой позиции смотреть на все остальные трансформер складывает слои "
         "the recurrent network reads one token at a time and keeps a hidden state attention lets every "
         "position look at every other position and the transformer stacks layers").split()
NEW_POOL = ("[USER]", "[BOT]", "<tool>", "<|im_start|>", "<|im_end|>", "азитромицин", "COVID-19",
            "mRNA", "x-ray", "<2ru>", "[ДИАГНОЗ]", "H2O", "@@ctx@@")
VOCAB = {"bpe": 150, "unigram": 80}
LABEL = {"bpe": "BPE", "unigram": "Unigram"}


@lru_cache(maxsize=None)
def model(model_type: str) -> bytes:
    """A small trained model (bytes), the same on every call in this process."""
    from answers.tokenizers.spm import train_sentencepiece

    rng = random.Random(0)
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))) for _ in range(200)]
    return train_sentencepiece(lines, VOCAB[model_type], model_type=model_type, byte_fallback=False,
                               normalization_rule_name="identity")


def pieces_of(proto: bytes) -> list[tuple[str, float, int]]:
    from sentencepiece import sentencepiece_model_pb2 as pb2

    m = pb2.ModelProto()
    m.ParseFromString(proto)
    return [(p.piece, p.score, p.type) for p in m.pieces]


def reference(proto: bytes, tokens: list[str]) -> bytes:
    from answers.vocab_extension import add_tokens

    return add_tokens(proto, tokens)


def parse(result) -> tuple[Optional[list], Optional[str]]:
    """(pieces, None) for a result that parses as a ModelProto, else (None, message)."""
    if not isinstance(result, bytes):
        return None, f"add_tokens: returned {describe_type(result)}, expected bytes (model.SerializeToString())"
    if len(result) > MAX_BYTES:
        return None, f"add_tokens: returned {len(result)} bytes, far more than the model"
    try:
        return pieces_of(result), None
    except Exception:  # noqa: BLE001 - any parse failure is the submission's
        return None, "add_tokens: the bytes returned are not a serialized sentencepiece ModelProto"


def type_name(t: int) -> str:
    from sentencepiece import sentencepiece_model_pb2 as pb2

    try:
        return pb2.ModelProto.SentencePiece.Type.Name(t)
    except ValueError:
        return f"type {t}"


def old_unchanged(got: list, old: list) -> Optional[str]:
    if len(got) < len(old):
        return f"the result has {len(got)} pieces, fewer than the {len(old)} of the input model"
    for i, (g, o) in enumerate(zip(got, old)):
        if g[0] != o[0]:
            return f"id {i} holds another piece than before (old ids must keep their pieces; append new ones)"
        if g[2] != o[2]:
            return f"id {i} changed type from {type_name(o[2])} to {type_name(g[2])}"
        if g[1] != o[1]:
            return f"id {i} changed its score"
    return None


def new_pieces(got: list, old: list, expected_new: list[str]) -> Optional[str]:
    from sentencepiece import sentencepiece_model_pb2 as pb2

    added = got[len(old):]
    names = [p[0] for p in added]
    if len(names) != len(expected_new):
        return f"{len(names)} pieces were added, expected {len(expected_new)}"
    if names != expected_new:
        if sorted(names) == sorted(expected_new):
            return "the new pieces are not in the order of the tokens list"
        first = next(i for i, (g, e) in enumerate(zip(names, expected_new)) if g != e)
        return f"new piece {first} (id {len(old) + first}) is not the expected token"
    user = pb2.ModelProto.SentencePiece.USER_DEFINED
    for i, p in enumerate(added):
        if p[2] != user:
            return f"new piece {i} has type {type_name(p[2])}, expected USER_DEFINED"
    return None


def loads_and_encodes(result: bytes, old: list, expected_new: list[str]) -> Optional[str]:
    import sentencepiece as spm

    try:
        sp = spm.SentencePieceProcessor(model_proto=result)
    except Exception as exc:  # noqa: BLE001 - its message may name a piece, so it is not echoed
        reason = "a piece is defined twice" if "already defined" in str(exc) else type(exc).__name__
        return f"sentencepiece cannot load the result ({reason})"
    if sp.get_piece_size() != len(old) + len(expected_new):
        return f"the loaded model has {sp.get_piece_size()} pieces, expected {len(old) + len(expected_new)}"
    for k, token in enumerate(expected_new):
        new_id = len(old) + k
        ids = sp.encode(f"{WORDS[0]} {token} {WORDS[-1]}")
        if ids.count(new_id) != 1:
            return f"new token {k} (id {new_id}) does not come out as one piece when it is encoded"
    return None


def _case(rng: np.random.Generator, model_type: str, *, present: bool, repeat: bool) -> tuple[bytes, list, list]:
    """(model bytes, tokens to add, the names the reference appends)."""
    proto = model(model_type)
    old = pieces_of(proto)
    names = {p[0] for p in old}
    pool = [t for t in NEW_POOL if t not in names]
    fresh = [str(t) for t in rng.choice(pool, size=int(rng.integers(3, 6)), replace=False)]
    tokens = list(fresh)
    if present:
        learned = [p[0] for p in old if p[2] == 1 and len(p[0]) > 1]     # NORMAL pieces
        tokens.insert(int(rng.integers(0, len(tokens) + 1)), learned[int(rng.integers(0, len(learned)))])
        tokens.insert(int(rng.integers(1, len(tokens) + 1)), str(rng.choice(["<s>", "</s>", "<unk>"])))
    if repeat:
        again = fresh[int(rng.integers(0, len(fresh) - 1))]
        tokens.insert(int(rng.integers(tokens.index(again) + 1, len(tokens) + 1)), again)
    expected = [p[0] for p in pieces_of(reference(proto, tokens))[len(old):]]
    return proto, tokens, expected


def build(rng: np.random.Generator) -> list[Check]:
    checks: list[Check] = []

    def parsed(outcomes):
        problem = first_problem(outcomes)
        if problem:
            return None, problem
        return parse(outcomes[0].result)

    proto, tokens, expected = _case(rng, "bpe", present=False, repeat=False)
    checks.append(Check("returns the model as bytes that parse as a ModelProto",
                        [Call(FN, [proto, tokens])], lambda o: parsed(o)[1]))

    for model_type in ("bpe", "unigram"):
        proto, tokens, expected = _case(rng, model_type, present=False, repeat=False)
        old = pieces_of(proto)

        def judge_old(outcomes, old=old):
            got, problem = parsed(outcomes)
            return problem or old_unchanged(got, old)

        checks.append(Check(f"old pieces, scores and types keep their ids ({LABEL[model_type]})",
                            [Call(FN, [proto, tokens])], judge_old))

    for model_type in ("bpe", "unigram"):
        proto, tokens, expected = _case(rng, model_type, present=False, repeat=False)
        old = pieces_of(proto)

        def judge_new(outcomes, old=old, expected=expected):
            got, problem = parsed(outcomes)
            return problem or old_unchanged(got, old) or new_pieces(got, old, expected)

        checks.append(Check(f"new tokens are appended in order as USER_DEFINED ({LABEL[model_type]})",
                            [Call(FN, [proto, tokens])], judge_new))

    proto, tokens, expected = _case(rng, "bpe", present=True, repeat=True)
    old = pieces_of(proto)

    def judge_skip(outcomes, old=old, expected=expected):
        got, problem = parsed(outcomes)
        if problem:
            return problem
        added = [p[0] for p in got[len(old):]]
        if len(added) > len(expected):
            return (f"{len(added)} pieces were added for {len(expected)} new tokens; a token already in "
                    f"the model (or earlier in the list) must be skipped")
        return old_unchanged(got, old) or new_pieces(got, old, expected)

    checks.append(Check("tokens already present are skipped (a learned piece, <s>, a repeated token)",
                        [Call(FN, [proto, tokens])], judge_skip))

    for model_type, present in (("bpe", True), ("unigram", False)):
        proto, tokens, expected = _case(rng, model_type, present=present, repeat=present)
        old = pieces_of(proto)

        def judge_load(outcomes, old=old, expected=expected):
            got, problem = parsed(outcomes)
            if problem:
                return problem
            return loads_and_encodes(outcomes[0].result, old, expected)

        checks.append(Check(f"the result loads in sentencepiece and each new token is one piece "
                            f"({LABEL[model_type]})",
                            [Call(FN, [proto, tokens])], judge_load))

    proto = model("unigram")
    old = pieces_of(proto)
    checks.append(Check("an empty token list leaves the model as it was",
                        [Call(FN, [proto, []])],
                        lambda o, old=old: parsed(o)[1] or
                        (None if parsed(o)[0] == old else "the pieces changed although no token was given")))
    return checks
