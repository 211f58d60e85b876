# seqprep-task: bpe-train
"""Wrong: always runs num_merges steps; when no pair is left, max() of an empty
count table raises."""
# expect-fail: stops early when no pair is left
from collections import Counter


def train_bpe(text, num_merges):
    words = {tuple(w): f for w, f in Counter(text.split()).items()}
    merges = []
    for _ in range(num_merges):
        counts = Counter()
        for symbols, freq in words.items():
            for pair in zip(symbols, symbols[1:]):
                counts[pair] += freq
        pair = max(counts, key=lambda p: (counts[p], p))
        merges.append(pair)
        merged = {}
        for symbols, freq in words.items():
            out, i = [], 0
            while i < len(symbols):
                if symbols[i:i + 2] == pair:
                    out.append(pair[0] + pair[1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + freq
        words = merged
    return merges
