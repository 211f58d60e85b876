# seqprep-task: spm-add-tokens
"""The reference: parse the ModelProto, append each token not yet present as a
USER_DEFINED piece with score 0, serialize."""
from sentencepiece import sentencepiece_model_pb2 as pb2


def add_tokens(model_proto, tokens):
    model = pb2.ModelProto()
    model.ParseFromString(model_proto)
    present = {p.piece for p in model.pieces}
    for token in tokens:
        if token in present:
            continue
        piece = model.pieces.add()
        piece.piece = token
        piece.score = 0.0
        piece.type = pb2.ModelProto.SentencePiece.Type.USER_DEFINED
        present.add(token)
    return model.SerializeToString()
