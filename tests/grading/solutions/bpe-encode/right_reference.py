# seqprep-task: bpe-encode
"""The reference: per word, merge the lowest-ranked adjacent pair (all its
occurrences, left to right) until no adjacent pair is a merge."""


def merge_pair(symbols, pair):
    left, right = pair
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
            out.append(left + right)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def bpe_encode(text, merges):
    ranks = {}
    for rank, pair in enumerate(merges):
        ranks.setdefault(tuple(pair), rank)
    pieces = []
    for word in text.split():
        symbols = list(word)
        while len(symbols) > 1:
            ranked = [(ranks[p], p) for p in zip(symbols, symbols[1:]) if p in ranks]
            if not ranked:
                break
            symbols = merge_pair(symbols, min(ranked)[1])
        pieces.extend(symbols)
    return pieces
