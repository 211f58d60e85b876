# seqprep-task: wordpiece
"""Wrong: never applies the max_chars limit."""
# expect-fail: max_chars: a word of max_chars characters


def wordpiece_tokenize(word, vocab, unk="[UNK]", max_chars=100):
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
            return [unk]
        pieces.append(piece)
        start = end
    return pieces
