# seqprep-task: bpe-train
"""The reference approach: incremental pair counts.

Keep the pair counts and, for every pair, the words that contain it; after a
merge, update only those words (subtract their old pairs, add their new ones).
A heap of (-count, pair) with lazy deletion finds the best pair; ties go to the
smallest pair in Python's string order.
"""
import heapq
from collections import Counter


def merge_pair(symbols, pair):
    """["a", "a", "a"], ("a", "a") -> ["aa", "a"]: left to right, non-overlapping."""
    left, right = pair
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
            out.append(left + right)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def train_bpe(text, num_merges):
    word_freqs = Counter(text.split())
    words = [list(w) for w in word_freqs]
    freqs = list(word_freqs.values())
    counts, where = {}, {}
    for index, symbols in enumerate(words):
        for pair in zip(symbols, symbols[1:]):
            counts[pair] = counts.get(pair, 0) + freqs[index]
            where.setdefault(pair, set()).add(index)
    heap = [(-c, p) for p, c in counts.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < num_merges:
        while heap and counts.get(heap[0][1]) != -heap[0][0]:
            heapq.heappop(heap)                       # stale entry
        if not heap:
            break
        pair = heap[0][1]
        for index in sorted(where.get(pair, ())):
            old, freq = words[index], freqs[index]
            new = merge_pair(old, pair)
            delta = Counter()
            for p in zip(old, old[1:]):
                delta[p] -= freq
            for p in zip(new, new[1:]):
                delta[p] += freq
            for p, change in delta.items():
                if change:
                    count = counts.get(p, 0) + change
                    if count:
                        counts[p] = count
                        heapq.heappush(heap, (-count, p))
                    else:
                        del counts[p]
            for p in set(zip(old, old[1:])) - set(zip(new, new[1:])):
                where[p].discard(index)
            for p in set(zip(new, new[1:])):
                where.setdefault(p, set()).add(index)
            words[index] = new
        merges.append(pair)
    return merges
