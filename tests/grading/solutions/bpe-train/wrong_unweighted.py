# seqprep-task: bpe-train
"""Wrong: counts pairs over the set of distinct words, so a word seen five times
counts once."""
# expect-fail: weighted by word frequency
from collections import Counter


def train_bpe(text, num_merges):
    words = [list(w) for w in set(text.split())]
    merges = []
    for _ in range(num_merges):
        counts = Counter()
        for symbols in words:
            counts.update(zip(symbols, symbols[1:]))
        if not counts:
            break
        pair = min(counts, key=lambda p: (-counts[p], p))
        merges.append(pair)
        for k, symbols in enumerate(words):
            out, i = [], 0
            while i < len(symbols):
                if tuple(symbols[i:i + 2]) == pair:
                    out.append(pair[0] + pair[1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            words[k] = out
    return merges
