# seqprep-task: spm-add-tokens
"""Wrong: appends every token, even one the model (or the list) already has; the
duplicate piece makes the model fail to load."""
# expect-fail: tokens already present are skipped
# expect-fail: the result loads in sentencepiece and each new token is one piece (BPE)
from sentencepiece import sentencepiece_model_pb2 as pb2


def add_tokens(model_proto, tokens):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    for token in tokens:
        model.pieces.add(piece=token, score=0.0, type=pb2.ModelProto.SentencePiece.USER_DEFINED)
    return model.SerializeToString()
