# seqprep-task: unigram-viterbi
"""A valid alternative: a lattice of (begin, end) nodes built from the pieces found at each position,
then one max per end position with the key (score, -begin)."""
from collections import defaultdict


def viterbi_segment(text, log_probs):
    by_first = defaultdict(list)
    for piece, lp in log_probs.items():
        by_first[piece[0]].append((piece, lp))
    ending_at = defaultdict(list)  # end -> [(begin, log-prob)]
    for begin, ch in enumerate(text):
        for piece, lp in by_first.get(ch, ()):
            if text.startswith(piece, begin):
                ending_at[begin + len(piece)].append((begin, lp))
    best = {0: (0.0, None)}  # end -> (score, begin of the last piece)
    for end in range(1, len(text) + 1):
        options = [(best[b][0] + lp, -b) for b, lp in ending_at[end] if b in best]
        if options:
            score, neg_begin = max(options)
            best[end] = (score, -neg_begin)
    if len(text) not in best:
        return [], float("-inf")
    pieces, end = [], len(text)
    while end:
        begin = best[end][1]
        pieces.insert(0, text[begin:end])
        end = begin
    return pieces, best[len(text)][0]
