# seqprep-task: bpe-train
"""Wrong: the merge marks every position where the pair starts, so overlapping
occurrences both merge: a, a, a -> aa, aa (instead of aa, a)."""
# expect-fail: left to right without overlap
from collections import Counter


def merge(symbols, pair):
    n = len(symbols)
    starts = {i for i in range(n - 1) if (symbols[i], symbols[i + 1]) == pair}
    out = []
    for i in range(n):
        if i in starts:
            out.append(pair[0] + pair[1])
        elif i - 1 in starts:
            continue
        else:
            out.append(symbols[i])
    return tuple(out)


def train_bpe(text, num_merges):
    words = {tuple(w): f for w, f in Counter(text.split()).items()}
    merges = []
    for _ in range(num_merges):
        counts = Counter()
        for symbols, freq in words.items():
            for pair in zip(symbols, symbols[1:]):
                counts[pair] += freq
        if not counts:
            break
        pair = min(counts, key=lambda p: (-counts[p], p))
        merges.append(pair)
        merged = {}
        for symbols, freq in words.items():
            key = merge(symbols, pair)
            merged[key] = merged.get(key, 0) + freq
        words = merged
    return merges
