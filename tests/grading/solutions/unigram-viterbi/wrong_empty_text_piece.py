# seqprep-task: unigram-viterbi
"""Wrong: the empty text comes back as [''] with score 0."""
# expect-fail: the empty text gives ([], 0.0)
import math


def viterbi_segment(text, log_probs):
    if not text:
        return [""], 0.0
    n = len(text)
    best = [0.0] + [-math.inf] * n
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        for begin in range(end):
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
