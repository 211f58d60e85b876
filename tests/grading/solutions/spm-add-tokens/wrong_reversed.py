# seqprep-task: spm-add-tokens
"""Wrong: appends the new tokens in reverse order."""
# expect-fail: new tokens are appended in order
from sentencepiece import sentencepiece_model_pb2 as pb2


def add_tokens(model_proto, tokens):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    present = {p.piece for p in model.pieces}
    for token in reversed(list(dict.fromkeys(tokens))):
        if token not in present:
            model.pieces.add(piece=token, score=0.0, type=pb2.ModelProto.SentencePiece.USER_DEFINED)
    return model.SerializeToString()
