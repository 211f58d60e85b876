# seqprep-task: spm-add-tokens
"""Wrong: edits a parsed copy but returns the original bytes."""
# expect-fail: new tokens are appended in order
# expect-fail: each new token is one piece
from sentencepiece import sentencepiece_model_pb2 as pb2


def add_tokens(model_proto, tokens):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    present = {p.piece for p in model.pieces}
    for token in tokens:
        if token not in present:
            model.pieces.add(piece=token, score=0.0, type=pb2.ModelProto.SentencePiece.USER_DEFINED)
            present.add(token)
    return model_proto
