# seqprep-task: wordpiece
"""A valid alternative: turn the vocabulary into a set, try every end from short
to long and keep the last (longest) match."""


def wordpiece_tokenize(word, vocab, unk="[UNK]", max_chars=100):
    vocab = set(vocab)
    if len(word) > max_chars:
        return [unk]
    out, i = [], 0
    prefix = ""
    while i < len(word):
        best = None
        for j in range(i + 1, len(word) + 1):
            if prefix + word[i:j] in vocab:
                best = j
        if best is None:
            return [unk]
        out.append(prefix + word[i:best])
        i, prefix = best, "##"
    return out
