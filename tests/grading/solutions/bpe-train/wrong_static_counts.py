# seqprep-task: bpe-train
"""Wrong: counts the pairs once and takes the top num_merges of those initial
counts; after a merge some of them no longer exist."""
# expect-fail: updated after every merge
from collections import Counter


def train_bpe(text, num_merges):
    counts = Counter()
    for word, freq in Counter(text.split()).items():
        for pair in zip(word, word[1:]):
            counts[pair] += freq
    ranked = sorted(counts, key=lambda p: (-counts[p], p))
    return ranked[:num_merges]
