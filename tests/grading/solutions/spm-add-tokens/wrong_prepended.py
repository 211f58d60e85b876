# seqprep-task: spm-add-tokens
"""Wrong: inserts the new pieces at the front, so every old id shifts."""
# expect-fail: old pieces, scores and types keep their ids
from sentencepiece import sentencepiece_model_pb2 as pb2


def add_tokens(model_proto, tokens):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    present = {p.piece for p in model.pieces}
    old = list(model.pieces)
    new = []
    for token in tokens:
        if token not in present:
            new.append(pb2.ModelProto.SentencePiece(piece=token, score=0.0,
                                                    type=pb2.ModelProto.SentencePiece.USER_DEFINED))
            present.add(token)
    del model.pieces[:]
    model.pieces.extend(new + old)
    return model.SerializeToString()
