# seqprep-task: unigram-viterbi
"""Wrong: skips characters no piece covers and returns the pieces it found, instead of ([], -inf)."""
# expect-fail: a text no segmentation covers
import math


def viterbi_segment(text, log_probs):
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
        if best[end] == -math.inf:  # stuck: jump over this character for free
            best[end], start[end] = best[end - 1], -(end - 1) - 1
    pieces, end = [], n
    while end > 0:
        if start[end] < 0:
            end = -start[end] - 1
            continue
        pieces.append(text[start[end]:end])
        end = start[end]
    return pieces[::-1], best[n]
