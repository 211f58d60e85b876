# seqprep-task: spm-add-tokens
"""Wrong: returns the ModelProto object instead of its serialized bytes."""
# expect-fail: returns the model as bytes
from sentencepiece import sentencepiece_model_pb2 as pb2


def add_tokens(model_proto, tokens):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    present = {p.piece for p in model.pieces}
    for token in tokens:
        if token not in present:
            model.pieces.add(piece=token, score=0.0, type=pb2.ModelProto.SentencePiece.USER_DEFINED)
            present.add(token)
    return model
