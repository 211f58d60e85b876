# seqprep-task: bpe-encode
"""Wrong under this task's rule: merges only the first occurrence of the
lowest-ranked pair, then ranks the pairs again. For merge lists that come out
of training this gives the same pieces, but the statement says all occurrences
merge before looking again: with [(ab, a), (a, b)], "abab" must give [ab, ab],
and this gives [aba, b]."""
# expect-fail: merges at every occurrence


def bpe_encode(text, merges):
    ranks = {}
    for rank, pair in enumerate(merges):
        ranks.setdefault(tuple(pair), rank)
    pieces = []
    for word in text.split():
        symbols = list(word)
        while len(symbols) > 1:
            ranked = [(ranks[p], i) for i, p in enumerate(zip(symbols, symbols[1:])) if p in ranks]
            if not ranked:
                break
            _, i = min(ranked)
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        pieces += symbols
    return pieces
