# seqprep-task: spm-add-tokens
"""Wrong: appends the tokens as CONTROL pieces, which own an id but are never
produced from text."""
# expect-fail: as USER_DEFINED
# expect-fail: each new token is one piece
from sentencepiece import sentencepiece_model_pb2 as pb2


def add_tokens(model_proto, tokens):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    present = {p.piece for p in model.pieces}
    for token in tokens:
        if token in present:
            continue
        model.pieces.add(piece=token, score=0.0, type=pb2.ModelProto.SentencePiece.CONTROL)
        present.add(token)
    return model.SerializeToString()
