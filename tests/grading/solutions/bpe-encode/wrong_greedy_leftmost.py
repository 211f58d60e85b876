# seqprep-task: bpe-encode
"""Wrong: merges the leftmost adjacent pair that is in the merge list, whatever
its rank."""
# expect-fail: lowest-ranked pair merges first


def bpe_encode(text, merges):
    known = {tuple(p) for p in merges}
    pieces = []
    for word in text.split():
        symbols = list(word)
        merged = True
        while merged:
            merged = False
            for i in range(len(symbols) - 1):
                if (symbols[i], symbols[i + 1]) in known:
                    symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
                    merged = True
                    break
        pieces += symbols
    return pieces
