# seqprep-task: wordpiece
"""Wrong: searches for any segmentation (longest first, backtracking on a dead
end), which is not what WordPiece does: {ab, a, ##bc} splits "abc" as [a, ##bc]."""
# expect-fail: greedy, not a search


def wordpiece_tokenize(word, vocab, unk="[UNK]", max_chars=100):
    if len(word) > max_chars:
        return [unk]

    def search(start):
        if start == len(word):
            return []
        for end in range(len(word), start, -1):
            candidate = word[start:end] if start == 0 else "##" + word[start:end]
            if candidate in vocab:
                rest = search(end)
                if rest is not None:
                    return [candidate] + rest
        return None

    pieces = search(0)
    return [unk] if pieces is None else pieces
