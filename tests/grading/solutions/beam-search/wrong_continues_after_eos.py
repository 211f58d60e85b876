# seqprep-task: beam-search
"""Wrong: records a hypothesis when it reaches eos but keeps extending it, so tokens can follow eos."""
# expect-fail: eos ends a hypothesis


def beam_search(log_probs, bos, eos, beam_size, max_len, alpha=0.0):
    table = log_probs.tolist()
    live, finished = [((), 0.0)], []
    for _ in range(max_len):
        candidates = [(t + (w,), s + table[t[-1] if t else bos][w]) for t, s in live for w in range(len(table))]
        candidates.sort(key=lambda c: (-c[1], c[0]))
        live = candidates[:beam_size]
        finished += [(t, s) for t, s in live if t[-1] == eos]
    finished += [(t, s) for t, s in live if t[-1] != eos]
    tokens, score = min(finished, key=lambda c: (-c[1] / len(c[0]) ** alpha, c[0]))
    return list(tokens), score / len(tokens) ** alpha
