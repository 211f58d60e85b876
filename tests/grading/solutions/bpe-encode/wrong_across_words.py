# seqprep-task: bpe-encode
"""Wrong: drops the whitespace and encodes the text as one sequence, so pairs
merge across word boundaries."""
# expect-fail: no merge across whitespace


def bpe_encode(text, merges):
    ranks = {}
    for rank, pair in enumerate(merges):
        ranks.setdefault(tuple(pair), rank)
    symbols = list("".join(text.split()))
    while len(symbols) > 1:
        ranked = [(ranks[p], p) for p in zip(symbols, symbols[1:]) if p in ranks]
        if not ranked:
            break
        left, right = min(ranked)[1]
        out, i = [], 0
        while i < len(symbols):
            if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                out.append(left + right)
                i += 2
            else:
                out.append(symbols[i])
                i += 1
        symbols = out
    return symbols
