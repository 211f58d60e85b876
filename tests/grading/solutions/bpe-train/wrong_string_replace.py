# seqprep-task: bpe-train
"""Wrong: keeps each word as a space-joined string and merges with
str.replace("x y", "xy"), which also matches inside longer symbols:
"ca b".replace("a b", "ab") -> "cab"."""
# expect-fail: joins two whole symbols
from collections import Counter


def train_bpe(text, num_merges):
    words = {" ".join(w): f for w, f in Counter(text.split()).items()}
    merges = []
    for _ in range(num_merges):
        counts = Counter()
        for word, freq in words.items():
            symbols = word.split(" ")
            for pair in zip(symbols, symbols[1:]):
                counts[pair] += freq
        if not counts:
            break
        pair = min(counts, key=lambda p: (-counts[p], p))
        merges.append(pair)
        merged = {}
        for word, freq in words.items():
            key = word.replace(" ".join(pair), "".join(pair))
            merged[key] = merged.get(key, 0) + freq
        words = merged
    return merges
