# seqprep-task: beam-search
"""Wrong: keeps only the single best candidate each step, whatever beam_size says (greedy decoding)."""
# expect-fail: a wider beam finds what greedy misses


def beam_search(log_probs, bos, eos, beam_size, max_len, alpha=0.0):
    table = log_probs.tolist()
    tokens, score, prev = [], 0.0, bos
    for _ in range(max_len):
        w = max(range(len(table)), key=lambda j: (table[prev][j], -j))
        tokens.append(w)
        score += table[prev][w]
        prev = w
        if w == eos:
            break
    return tokens, score / len(tokens) ** alpha
