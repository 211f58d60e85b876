# seqprep-task: wordpiece
"""Wrong: looks up continuation pieces without the "##" prefix."""
# expect-fail: "##" marks every non-initial piece


def wordpiece_tokenize(word, vocab, unk="[UNK]", max_chars=100):
    if len(word) > max_chars:
        return [unk]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start and word[start:end] not in vocab:
            end -= 1
        if end == start:
            return [unk]
        pieces.append(word[start:end])
        start = end
    return pieces
