# seqprep-task: unigram-viterbi
"""Wrong: minimizes the number of pieces (scores only break ties), as if fewer tokens were always better."""
# expect-fail: the best sum, not the fewest pieces
import math


def viterbi_segment(text, log_probs):
    n = len(text)
    best = [(0, 0.0)] + [(math.inf, 0.0)] * n  # (pieces, -score), smaller is better
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        for begin in range(end):
            piece = text[begin:end]
            if piece in log_probs and best[begin][0] < math.inf:
                key = (best[begin][0] + 1, best[begin][1] - log_probs[piece])
                if key < best[end]:
                    best[end], start[end] = key, begin
    if best[n][0] == math.inf:
        return [], -math.inf
    pieces, end = [], n
    while end > 0:
        pieces.append(text[start[end]:end])
        end = start[end]
    return pieces[::-1], -best[n][1]
