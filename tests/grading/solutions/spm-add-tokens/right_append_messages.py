# seqprep-task: spm-add-tokens
"""A valid alternative: deduplicate the list with dict.fromkeys, build the new
SentencePiece messages separately and extend the repeated field; the score is
set below every old score (it is not used for USER_DEFINED pieces)."""
from sentencepiece import sentencepiece_model_pb2


def add_tokens(model_proto, tokens):
    proto = sentencepiece_model_pb2.ModelProto.FromString(model_proto)
    existing = set(p.piece for p in proto.pieces)
    low = min((p.score for p in proto.pieces), default=0.0) - 1.0
    new = [sentencepiece_model_pb2.ModelProto.SentencePiece(
        piece=t, score=low, type=sentencepiece_model_pb2.ModelProto.SentencePiece.USER_DEFINED)
        for t in dict.fromkeys(tokens) if t not in existing]
    proto.pieces.extend(new)
    return proto.SerializeToString()
