# seqprep-task: unigram-viterbi
"""Wrong: greedy by score, taking at each position the most probable piece that starts there."""
# expect-fail: the best sum, not the most probable first piece


def viterbi_segment(text, log_probs):
    pieces, i, score = [], 0, 0.0
    while i < len(text):
        options = [(log_probs[text[i:j]], j) for j in range(i + 1, len(text) + 1) if text[i:j] in log_probs]
        if not options:
            return [], float("-inf")
        lp, j = max(options)
        pieces.append(text[i:j])
        score += lp
        i = j
    return pieces, score
