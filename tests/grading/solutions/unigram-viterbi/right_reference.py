# seqprep-task: unigram-viterbi
"""The reference: best[j] over end positions, starts tried left to right, strict > keeps the longer last piece."""
import math


def viterbi_segment(text, log_probs):
    n = len(text)
    longest = max(map(len, log_probs), default=0)
    best = [0.0] + [-math.inf] * n
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        for begin in range(max(0, end - longest), end):
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
