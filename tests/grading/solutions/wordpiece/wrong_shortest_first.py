# seqprep-task: wordpiece
"""Wrong: takes the shortest matching piece at each position."""
# expect-fail: longest match first


def wordpiece_tokenize(word, vocab, unk="[UNK]", max_chars=100):
    if len(word) > max_chars:
        return [unk]
    pieces, start = [], 0
    while start < len(word):
        for end in range(start + 1, len(word) + 1):
            candidate = word[start:end] if start == 0 else "##" + word[start:end]
            if candidate in vocab:
                pieces.append(candidate)
                start = end
                break
        else:
            return [unk]
    return pieces
