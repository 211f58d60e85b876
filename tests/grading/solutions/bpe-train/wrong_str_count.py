# seqprep-task: bpe-train
"""Wrong: counts a pair with str.count on the joined word, which skips overlapping
occurrences ("aaaa".count("aa") == 2, but (a, a) occurs 3 times)."""
# expect-fail: overlapping pairs are counted
from collections import Counter


def train_bpe(text, num_merges):
    words = {tuple(w): f for w, f in Counter(text.split()).items()}
    merges = []
    for _ in range(num_merges):
        counts = Counter()
        for symbols, freq in words.items():
            joined = "".join(symbols)
            for pair in set(zip(symbols, symbols[1:])):
                counts[pair] += joined.count(pair[0] + pair[1]) * freq
        if not counts:
            break
        pair = min(counts, key=lambda p: (-counts[p], p))
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
