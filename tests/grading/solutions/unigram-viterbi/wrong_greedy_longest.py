# seqprep-task: unigram-viterbi
"""Wrong: WordPiece-style greedy longest match from the left, which ignores the scores."""
# expect-fail: the best sum, not the longest piece first


def viterbi_segment(text, log_probs):
    pieces, i, score = [], 0, 0.0
    while i < len(text):
        for j in range(len(text), i, -1):
            if text[i:j] in log_probs:
                pieces.append(text[i:j])
                score += log_probs[text[i:j]]
                i = j
                break
        else:
            return [], float("-inf")
    return pieces, score
