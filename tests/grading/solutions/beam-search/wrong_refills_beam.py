# seqprep-task: beam-search
"""Wrong: keeps beam_size live hypotheses every step, refilling the slots of finished ones (another common
variant, but not the algorithm the statement pins)."""
# expect-fail: a finished hypothesis leaves the beam


def beam_search(log_probs, bos, eos, beam_size, max_len, alpha=0.0):
    table = log_probs.tolist()
    live, finished = [((), 0.0)], []
    for _ in range(max_len):
        candidates = [(t + (w,), s + table[t[-1] if t else bos][w]) for t, s in live for w in range(len(table))]
        candidates.sort(key=lambda c: (-c[1], c[0]))
        live = []
        for t, s in candidates:
            if t[-1] == eos:
                if len(finished) < 10 * beam_size:
                    finished.append((t, s))
            elif len(live) < beam_size:
                live.append((t, s))
            if len(live) == beam_size:
                break
        if not live:
            break
    finished += live
    tokens, score = min(finished, key=lambda c: (-c[1] / len(c[0]) ** alpha, c[0]))
    return list(tokens), score / len(tokens) ** alpha
