# seqprep-task: beam-search
"""Wrong: does not count eos in the length used for normalization."""
# expect-fail: the length n counts eos and not bos


def beam_search(log_probs, bos, eos, beam_size, max_len, alpha=0.0):
    table = log_probs.tolist()
    live, finished = [((), 0.0)], []
    for _ in range(max_len):
        candidates = [(t + (w,), s + table[t[-1] if t else bos][w]) for t, s in live for w in range(len(table))]
        candidates.sort(key=lambda c: (-c[1], c[0]))
        live = []
        for t, s in candidates[:beam_size]:
            (finished if t[-1] == eos else live).append((t, s))
        if not live:
            break
    finished += live

    def length(t):
        return max(1, len(t) - (t[-1] == eos))

    tokens, score = min(finished, key=lambda c: (-c[1] / length(c[0]) ** alpha, c[0]))
    return list(tokens), score / length(tokens) ** alpha
