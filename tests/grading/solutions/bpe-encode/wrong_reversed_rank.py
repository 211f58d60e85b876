# seqprep-task: bpe-encode
"""Wrong: takes the pair with the HIGHEST rank (the last learned merge) first."""
# expect-fail: lowest-ranked pair merges first


def bpe_encode(text, merges):
    ranks = {tuple(p): r for r, p in enumerate(merges)}
    pieces = []
    for word in text.split():
        symbols = list(word)
        while True:
            ranked = [(ranks[p], p) for p in zip(symbols, symbols[1:]) if p in ranks]
            if not ranked:
                break
            left, right = max(ranked)[1]
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                    out.append(left + right)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            symbols = out
        pieces += symbols
    return pieces
