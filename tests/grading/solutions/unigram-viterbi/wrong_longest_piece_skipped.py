# seqprep-task: unigram-viterbi
"""Wrong: an off-by-one in the window of starts, so pieces of the maximal length are never tried."""
# expect-fail: the best sum, not the longest piece first
import math


def viterbi_segment(text, log_probs):
    n = len(text)
    longest = max(map(len, log_probs), default=0)
    best = [0.0] + [-math.inf] * n
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        for begin in range(max(0, end - longest + 1), end):
            piece = text[begin:end]
            if piece in log_probs and best[begin] > -math.inf:
                score = best[begin] + log_probs[piece]
                if score > best[end]:
                    best[end], start[end] = score, begin
    if best[n] == -math.inf:
        return [], -math.inf
    pieces, end = [], n
    while end > 0:
        pieces.append(text[start[end]:end])
        end = start[end]
    return pieces[::-1], best[n]
