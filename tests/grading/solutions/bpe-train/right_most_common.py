# seqprep-task: bpe-train
"""A valid alternative: one list entry per word occurrence (no frequency table),
Counter.most_common(1) (ties go to the pair counted first), merges returned as
lists [x, y], which the statement accepts."""
from collections import Counter


def train_bpe(text, num_merges):
    corpus = [list(w) for w in text.split()]
    merges = []
    while len(merges) < num_merges:
        counts = Counter()
        for symbols in corpus:
            for i in range(len(symbols) - 1):
                counts[(symbols[i], symbols[i + 1])] += 1
        if not counts:
            break
        (left, right), _ = counts.most_common(1)[0]
        merges.append([left, right])
        for symbols in corpus:
            i = 0
            while i < len(symbols) - 1:
                if symbols[i] == left and symbols[i + 1] == right:
                    symbols[i:i + 2] = [left + right]
                i += 1
    return merges
