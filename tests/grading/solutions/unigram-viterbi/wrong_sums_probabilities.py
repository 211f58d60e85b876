# seqprep-task: unigram-viterbi
"""Wrong: adds the probabilities exp(log_p) instead of the log-probabilities (a sum, not a product)."""
# expect-fail: the best sum, not the most probable first piece
import math


def viterbi_segment(text, log_probs):
    n = len(text)
    best = [0.0] + [-math.inf] * n
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        for begin in range(end):
            piece = text[begin:end]
            if piece in log_probs and best[begin] > -math.inf:
                score = best[begin] + math.exp(log_probs[piece])
                if score > best[end]:
                    best[end], start[end] = score, begin
    if best[n] == -math.inf:
        return [], -math.inf
    pieces, end = [], n
    while end > 0:
        pieces.append(text[start[end]:end])
        end = start[end]
    pieces.reverse()
    return pieces, sum(log_probs[p] for p in pieces)
