# seqprep-task: spm-add-tokens
"""Wrong: appends the tokens as NORMAL pieces; the BPE model never builds them
from text (no merge leads there), so a token still splits into fragments."""
# expect-fail: as USER_DEFINED
# expect-fail: each new token is one piece (BPE)
from sentencepiece import sentencepiece_model_pb2 as pb2


def add_tokens(model_proto, tokens):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    present = {p.piece for p in model.pieces}
    for token in tokens:
        if token in present:
            continue
        model.pieces.add(piece=token, score=0.0, type=pb2.ModelProto.SentencePiece.NORMAL)
        present.add(token)
    return model.SerializeToString()
