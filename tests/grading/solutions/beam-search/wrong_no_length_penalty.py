# seqprep-task: beam-search
"""Wrong: ignores alpha and always picks the best raw sum, which favors short outputs."""
# expect-fail: length normalization: alpha = 0 keeps the raw sum


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
    tokens, score = min(finished, key=lambda c: (-c[1], c[0]))
    return list(tokens), score
