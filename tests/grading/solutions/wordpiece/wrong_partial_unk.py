# seqprep-task: wordpiece
"""Wrong: keeps the pieces found so far and adds [unk] for the rest, instead of
one [unk] for the whole word."""
# expect-fail: cannot be covered is a single [unk]


def wordpiece_tokenize(word, vocab, unk="[UNK]", max_chars=100):
    if len(word) > max_chars:
        return [unk]
    pieces, start = [], 0
    while start < len(word):
        end, piece = len(word), None
        while end > start:
            candidate = word[start:end] if start == 0 else "##" + word[start:end]
            if candidate in vocab:
                piece = candidate
                break
            end -= 1
        if piece is None:
            pieces.append(unk)
            break
        pieces.append(piece)
        start = end
    return pieces
