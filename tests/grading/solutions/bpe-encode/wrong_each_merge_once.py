# seqprep-task: bpe-encode
"""Wrong: by rank, but each merge is used only once per word and only at its
first occurrence, so "abab" with [(a, b)] gives [ab, a, b]."""
# expect-fail: merges at every occurrence


def bpe_encode(text, merges):
    ranks = {}
    for rank, pair in enumerate(merges):
        ranks.setdefault(tuple(pair), rank)
    pieces = []
    for word in text.split():
        symbols = list(word)
        used = set()
        while True:
            ranked = [(ranks[p], i, p) for i, p in enumerate(zip(symbols, symbols[1:]))
                      if p in ranks and p not in used]
            if not ranked:
                break
            _, i, pair = min(ranked)
            used.add(pair)
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        pieces += symbols
    return pieces
